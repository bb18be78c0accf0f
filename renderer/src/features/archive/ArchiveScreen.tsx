import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportPanel } from './ExportPanel';
import { VerifyPanel } from './VerifyPanel';

export function ArchiveScreen() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'export' | 'verify'>('export');
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('archive.title')}
      </Typography>
      <Tabs value={tab} onChange={(_, value: 'export' | 'verify') => setTab(value)} sx={{ mb: 2 }}>
        <Tab value="export" label={t('archive.tabs.export')} data-testid="archive-tab-export" />
        <Tab value="verify" label={t('archive.tabs.verify')} data-testid="archive-tab-verify" />
      </Tabs>
      <Paper variant="outlined" sx={{ p: 3 }}>
        {tab === 'export' ? <ExportPanel /> : <VerifyPanel />}
      </Paper>
    </>
  );
}
