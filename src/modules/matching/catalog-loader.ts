import type { EntityManager } from 'typeorm';
import type {
  CapabilityStatus,
  CooperationMode,
  District,
  NeedKind,
  NeedStatus,
  CapabilityKind,
} from '../../common/domain/vocabulary.js';
import { capabilityProfile, needProfile, type CapabilityProfile, type NeedProfile } from './scoring/profiles.js';
import { listingVersion } from '../../common/listing/listing-version.js';
import { mapYielding, yieldToTimers } from '../../common/timers.js';

// Reading listings for the worker: only the columns matching uses, as plain rows, in pages.

interface NeedRow {
  id: string;
  version: number;
  organization_id: string;
  kind: NeedKind;
  status: NeedStatus;
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
  cooperation_modes: CooperationMode[];
  district: District;
}

interface CapabilityRow {
  id: string;
  version: number;
  organization_id: string;
  kind: CapabilityKind;
  status: CapabilityStatus;
  title: string;
  description: string;
  keywords: string[];
  sectors: string[];
  cooperation_modes: CooperationMode[];
  trl: number | null;
  district: District;
}

const VERSION = `${listingVersion()} AS version`;
const NEED_COLUMNS = `id, ${VERSION}, organization_id, kind, status, title, description, keywords, sectors, cooperation_modes, district`;
const CAPABILITY_COLUMNS = `${NEED_COLUMNS}, trl`;

const toNeed = (r: NeedRow): NeedProfile =>
  needProfile({ ...r, organizationId: r.organization_id, cooperationModes: r.cooperation_modes });
const toCapability = (r: CapabilityRow): CapabilityProfile =>
  capabilityProfile({ ...r, organizationId: r.organization_id, cooperationModes: r.cooperation_modes });

export async function loadNeeds(m: EntityManager, ids: string[]): Promise<NeedProfile[]> {
  if (!ids.length) return [];
  const rows: NeedRow[] = await m.query(`SELECT ${NEED_COLUMNS} FROM needs WHERE id = ANY($1::uuid[])`, [ids]);
  return mapYielding(rows, toNeed);
}

/**
 * Capabilities by id. Rows `known` says the index already holds at this version are not analysed again (their
 * `terms` come back empty; the index ignores a version it has): a batch's job and the change tail both read it.
 */
export async function loadCapabilities(
  m: EntityManager,
  ids: string[],
  known?: (id: string, version: number) => boolean,
): Promise<CapabilityProfile[]> {
  if (!ids.length) return [];
  const rows: CapabilityRow[] = await m.query(
    `SELECT ${CAPABILITY_COLUMNS} FROM capabilities WHERE id = ANY($1::uuid[])`,
    [ids],
  );
  return mapYielding(rows, (r) =>
    known?.(r.id, r.version)
      ? capabilityProfile({
          ...r,
          title: '',
          description: '',
          keywords: [],
          organizationId: r.organization_id,
          cooperationModes: r.cooperation_modes,
        })
      : toCapability(r),
  );
}

/** Pages through open needs or active capabilities by id, handing each page to `each` (keyset pagination). */
export async function forEachListing(
  m: EntityManager,
  what: 'needs' | 'capabilities',
  each: (page: NeedProfile[] | CapabilityProfile[]) => Promise<void> | void,
  pageSize = 2000,
): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Array<NeedRow | CapabilityRow> =
      what === 'needs'
        ? await m.query(`SELECT ${NEED_COLUMNS} FROM needs WHERE status = 'open' AND id > $1 ORDER BY id LIMIT $2`, [
            after,
            pageSize,
          ])
        : await m.query(
            `SELECT ${CAPABILITY_COLUMNS} FROM capabilities WHERE status = 'active' AND id > $1 ORDER BY id LIMIT $2`,
            [after, pageSize],
          );
    if (!rows.length) return;
    await each(
      what === 'needs'
        ? await mapYielding(rows as NeedRow[], toNeed)
        : await mapYielding(rows as CapabilityRow[], toCapability),
    );
    after = rows[rows.length - 1].id;
    await yieldToTimers();
  }
}
