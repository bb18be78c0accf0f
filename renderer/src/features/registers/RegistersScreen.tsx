import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { TabbedScreen, type ScreenTab } from '../../components/TabbedScreen';
import { RetentionTab } from '../retention/RetentionTab';
import { ActivitiesTab } from './ActivitiesTab';
import { BreachesTab } from './BreachesTab';

/** The screen's tabs, in order, each at #/registers/<id>: adding one is one line here and its label in both languages. */
export const tabs: readonly ScreenTab[] = [
  { id: 'activities', labelKey: 'registers.tabs.activities', Panel: ActivitiesTab },
  { id: 'breaches', labelKey: 'registers.tabs.breaches', Panel: BreachesTab },
  { id: 'retention', labelKey: 'retention.reviewTab', Panel: RetentionTab },
];

/** The registers an inspection asks for first: the Art. 30 record and the breach log. */
export function RegistersScreen({ tabId, navigate }: { tabId?: string; navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  return (
    <TabbedScreen
      name="registers"
      title={t('registers.title')}
      tabsLabel={t('registers.tabsLabel')}
      tabs={tabs}
      current={tabId}
      onChange={(id) => navigate({ section: 'registers', id })}
      panelProps={{ navigate }}
    />
  );
}
