import { useCallback, useEffect, useState } from 'react';
import { SECTIONS, type Section } from '../../../shared/ipc/contract';

/**
 * Where the user is: a section and, for lists, an optional record id, and for a request the workflow
 * step to open at (the dashboard's "next step" buttons). Kept in the URL hash.
 */
export type Route = { section: Section; id?: string; step?: string };

export function parseRoute(hash: string): Route {
  const [section, id, step] = hash.replace(/^#\/?/, '').split('/');
  if (section && (SECTIONS as readonly string[]).includes(section)) {
    if (!id) return { section: section as Section };
    return step
      ? { section: section as Section, id: decodeURIComponent(id), step: decodeURIComponent(step) }
      : { section: section as Section, id: decodeURIComponent(id) };
  }
  return { section: 'dashboard' };
}

export function routeHref(route: Route): string {
  const step = route.id && route.step ? `/${encodeURIComponent(route.step)}` : '';
  return `#/${route.section}${route.id ? `/${encodeURIComponent(route.id)}` : ''}${step}`;
}

export function useHashRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: Route) => {
    window.location.hash = routeHref(next);
  }, []);
  return [route, navigate];
}
