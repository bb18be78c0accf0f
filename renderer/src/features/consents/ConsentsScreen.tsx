import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { TabbedScreen, type ScreenTab } from '../../components/TabbedScreen';
import { ImportTab } from './ImportTab';
import { LedgerTab } from './LedgerTab';
import { PaperFormTab } from './PaperFormTab';
import { ReconsentTab } from './ReconsentTab';
import { SegmentTab } from './SegmentTab';

/** The screen's tabs, in order: adding one is one line here and its label in both languages. */
export const tabs: readonly ScreenTab[] = [
  { id: 'ledger', labelKey: 'consents.screen.tabs.ledger', Panel: LedgerTab },
  { id: 'segments', labelKey: 'consents.screen.tabs.segments', Panel: SegmentTab },
  { id: 'reconsent', labelKey: 'consents.screen.tabs.reconsent', Panel: ReconsentTab },
  { id: 'paper', labelKey: 'consents.screen.tabs.paper', Panel: PaperFormTab },
  { id: 'import', labelKey: 'consents.screen.tabs.import', Panel: ImportTab },
];

/** The consent ledger, who may be contacted, whose consent to ask again, and the paper form. */
export function ConsentsScreen({ navigate }: { navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<string>();
  return (
    <TabbedScreen
      name="consents"
      title={t('consents.title')}
      tabsLabel={t('consents.screen.tabsLabel')}
      tabs={tabs}
      current={current}
      onChange={setCurrent}
      panelProps={{ navigate }}
    />
  );
}
