import Box from '@mui/material/Box';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Route } from '../../app/route';
import { ActivitiesTab } from './ActivitiesTab';
import { BreachesTab } from './BreachesTab';
import { RetentionTab } from '../retention/RetentionTab';

export type RegistersTab = {
  /** Also the route (#/registers/<id>) and the test id `registers-tab-<id>`. */
  id: string;
  labelKey: string;
  Panel: ComponentType<{ navigate: (route: Route) => void }>;
};

/** The screen's tabs, in order: adding one is one line here and its label in both languages. */
export const tabs: readonly RegistersTab[] = [
  { id: 'activities', labelKey: 'registers.tabs.activities', Panel: ActivitiesTab },
  { id: 'breaches', labelKey: 'registers.tabs.breaches', Panel: BreachesTab },
  { id: 'retention', labelKey: 'retention.reviewTab', Panel: RetentionTab },
];

/** The registers an inspection asks for first: the Art. 30 record and the breach log. */
export function RegistersScreen({ tabId, navigate }: { tabId?: string; navigate: (route: Route) => void }) {
  const { t } = useTranslation();
  const tab = tabs.find((candidate) => candidate.id === tabId) ?? tabs[0];
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {t('registers.title')}
      </Typography>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={tab?.id ?? false}
          onChange={(_, next: string) => navigate({ section: 'registers', id: next })}
          aria-label={t('registers.tabsLabel')}
          variant="scrollable"
          scrollButtons="auto"
        >
          {tabs.map(({ id, labelKey }) => (
            <Tab
              key={id}
              value={id}
              label={t(labelKey)}
              id={`registers-tab-${id}`}
              aria-controls={`registers-panel-${id}`}
              data-testid={`registers-tab-${id}`}
            />
          ))}
        </Tabs>
      </Box>
      {tab && (
        <div role="tabpanel" id={`registers-panel-${tab.id}`} aria-labelledby={`registers-tab-${tab.id}`}>
          <tab.Panel navigate={navigate} />
        </div>
      )}
    </>
  );
}
