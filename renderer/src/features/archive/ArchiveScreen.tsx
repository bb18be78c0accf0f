import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TabbedScreen, type ScreenTab } from '../../components/TabbedScreen';
import { ExportPanel } from './ExportPanel';
import { VerifyPanel } from './VerifyPanel';

const tabs: readonly ScreenTab<Record<string, never>>[] = [
  { id: 'export', labelKey: 'archive.tabs.export', Panel: ExportPanel },
  { id: 'verify', labelKey: 'archive.tabs.verify', Panel: VerifyPanel },
];

export function ArchiveScreen() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<string>();
  return (
    <TabbedScreen
      name="archive"
      title={t('archive.title')}
      tabsLabel={t('archive.title')}
      tabs={tabs}
      current={current}
      onChange={setCurrent}
      panelProps={{}}
      framed
    />
  );
}
