import { useBi } from '../vouchers/shared';

/** The envoy vocabularies' words. */
export function useEnvoyLabels() {
  const bi = useBi();
  return {
    kind: (k: string) =>
      ({ envoy: bi('科技特派员', 'Science envoy'), vice_president: bi('科技副总', 'Technology vice-president') })[k] ??
      k,
  };
}
