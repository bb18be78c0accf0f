import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { Route } from '../app/route';

/** What a screen's panels are given, usually `{ navigate }`. */
export type ScreenTab<P extends object = { navigate: (route: Route) => void }> = {
  /** Names the tab (`<name>-tab-<id>`, also its test id) and its panel (`<name>-panel-<id>`). */
  id: string;
  labelKey: string;
  Panel: ComponentType<P>;
};

/**
 * A screen made of tabs: its title, the tab bar, and the chosen tab's panel labelled by its tab.
 * An unknown or missing `current` shows the first tab.
 */
export function TabbedScreen<P extends object>({
  name,
  title,
  tabsLabel,
  tabs,
  current,
  onChange,
  panelProps,
  framed = false,
}: {
  name: string;
  title: string;
  tabsLabel: string;
  tabs: readonly ScreenTab<P>[];
  current: string | undefined;
  onChange: (id: string) => void;
  panelProps: P;
  /** The panel drawn in an outlined frame. */
  framed?: boolean;
}) {
  const { t } = useTranslation();
  const tab = tabs.find((candidate) => candidate.id === current) ?? tabs[0];
  const panel = tab && <tab.Panel {...panelProps} />;
  return (
    <>
      <Typography variant="h4" component="h1" gutterBottom>
        {title}
      </Typography>
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={tab?.id ?? false}
          onChange={(_, next: string) => onChange(next)}
          aria-label={tabsLabel}
          variant="scrollable"
          scrollButtons="auto"
        >
          {tabs.map(({ id, labelKey }) => (
            <Tab
              key={id}
              value={id}
              label={t(labelKey)}
              id={`${name}-tab-${id}`}
              aria-controls={`${name}-panel-${id}`}
              data-testid={`${name}-tab-${id}`}
            />
          ))}
        </Tabs>
      </Box>
      {tab && (
        <div role="tabpanel" id={`${name}-panel-${tab.id}`} aria-labelledby={`${name}-tab-${tab.id}`}>
          {framed ? (
            <Paper variant="outlined" sx={{ p: 3 }}>
              {panel}
            </Paper>
          ) : (
            panel
          )}
        </div>
      )}
    </>
  );
}
