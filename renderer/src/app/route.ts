import { useCallback, useEffect, useState } from 'react';
import { SECTIONS, type Section } from '../../../shared/ipc/contract';

/** Where the user is: a section and, for lists, an optional record id. Kept in the URL hash. */
export type Route = { section: Section; id?: string };

export function parseRoute(hash: string): Route {
  const [section, id] = hash.replace(/^#\/?/, '').split('/');
  if (section && (SECTIONS as readonly string[]).includes(section)) {
    return id ? { section: section as Section, id: decodeURIComponent(id) } : { section: section as Section };
  }
  return { section: 'dashboard' };
}

export function routeHref(route: Route): string {
  return `#/${route.section}${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
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
