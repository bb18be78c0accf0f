import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { ImportTab } from './ImportTab';
import { LedgerTab } from './LedgerTab';
import { PaperFormTab } from './PaperFormTab';
import { ReconsentTab } from './ReconsentTab';
import { SegmentTab } from './SegmentTab';

export type ConsentsTab = {
  /** Also names the tab for tests: `consents-tab-<id>`. */
  id: string;
  labelKey: string;
  Panel: ComponentType<{ navigate: (route: Route) => void }>;
};

/** The screen's tabs, in order: adding one is one line here and its label in both languages. */
export const tabs: readonly ConsentsTab[] = [
  { id: 'ledger', labelKey: 'consents.screen.tabs.ledger', Panel: LedgerTab },
  { id: 'segments', labelKey: 'consents.screen.tabs.segments', Panel: SegmentTab },
  { id: 'reconsent', labelKey: 'consents.screen.tabs.reconsent', Panel: ReconsentTab },
  { id: 'paper', labelKey: 'consents.screen.tabs.paper', Panel: PaperFormTab },
  { id: 'import', labelKey: 'consents.screen.tabs.import', Panel: ImportTab },
  // Import (CSV) — its own engineer adds the line here.
];

/** The consent ledger, who may be contacted, whose consent to ask again, and the paper form. */
export function ConsentsScreen({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState(tabs[0]?.id ?? '');
  const tab = tabs.find((candidate) => candidate.id === current) ?? tabs[0];
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('consents.title')}
      </Typography>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={tab?.id ?? false}
          onChange={(_, next: string) => setCurrent(next)}
          aria-label={t('consents.screen.tabsLabel')}
          variant="scrollable"
          scrollButtons="auto"
        >
          {tabs.map(({ id, labelKey }) => (
            <Tab
              key={id}
              value={id}
              label={t(labelKey)}
              id={`consents-tab-${id}`}
              aria-controls={`consents-panel-${id}`}
              data-testid={`consents-tab-${id}`}
            />
          ))}
        </Tabs>
      </Box>
      {tab && (
        <div role="tabpanel" id={`consents-panel-${tab.id}`} aria-labelledby={`consents-tab-${tab.id}`}>
          <tab.Panel navigate={navigate} />
        </div>
      )}
    </>
  );
}
