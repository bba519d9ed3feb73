import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CAPABILITY_KINDS,
  CAPABILITY_STATUSES,
  COOPERATION_MODES,
  DISTRICTS,
  CAPABILITY_OWNER_KINDS,
  IP_STATUSES,
  NEED_KINDS,
  NEED_OWNER_KINDS,
  NEED_STATUSES,
  ORGANIZATION_KINDS,
  ROLES,
  VISIBILITIES,
} from '../../src/common/domain/vocabulary.js';
import {
  ACTIVE_INTRODUCTION,
  CLOSE_REASON_LABELS,
  CLOSE_REASONS,
  NEXT_STATES,
  NOTE_STATES,
} from '../../src/modules/introductions/lifecycle.js';
import { REJECT_REASONS } from '../../src/modules/matching/reject-reasons.js';
import { MATCH_STATUSES } from '../../src/modules/matching/match.entity.js';
import { BANDS } from '../../src/modules/matching/ranker/ranker.js';

// The console's copy of the server's fixed vocabularies, written from the modules that define them (the console
// labels the values itself, through i18n; close reasons keep the server's bilingual names).

/** The analyser's alias groups (canonical term first), as the matcher reads them. */
function aliasGroups(): string[][] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // From scripts/lib or dist/scripts/lib: the data file is read from the sources either way.
  const root = here.includes(`${path.sep}dist${path.sep}`)
    ? path.resolve(here, '../../..')
    : path.resolve(here, '../..');
  const file = path.join(root, 'src', 'common', 'text', 'data', 'aliases.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { groups: string[][] }).groups;
}

const list = (name: string, type: string, values: readonly string[], doc: string) =>
  `/** ${doc} */\nexport const ${name} = ${JSON.stringify(values)} as const;\n` +
  `export type ${type} = (typeof ${name})[number];\n`;

/** The generated module's text (unformatted). */
export function vocabularySource(): string {
  const variants = Object.fromEntries(aliasGroups().map(([canonical, ...rest]) => [canonical, rest]));
  return [
    list(
      'DISTRICTS',
      'District',
      DISTRICTS,
      'Harbin’s districts and counties, and `outside` (src/common/domain/vocabulary.ts).',
    ),
    list('ORGANIZATION_KINDS', 'OrganizationKind', ORGANIZATION_KINDS, 'Kinds of organisation.'),
    `/** Organisations that own needs, and those that own capabilities. */\n` +
      `export const NEED_OWNER_KINDS: readonly OrganizationKind[] = ${JSON.stringify(NEED_OWNER_KINDS)};\n` +
      `export const CAPABILITY_OWNER_KINDS: readonly OrganizationKind[] = ${JSON.stringify(CAPABILITY_OWNER_KINDS)};\n`,
    list('ROLES', 'Role', ROLES, 'Users’ roles, least to most.'),
    list('NEED_KINDS', 'NeedKind', NEED_KINDS, 'Kinds of need.'),
    list('CAPABILITY_KINDS', 'CapabilityKind', CAPABILITY_KINDS, 'Kinds of capability.'),
    list('COOPERATION_MODES', 'CooperationMode', COOPERATION_MODES, 'Ways to cooperate.'),
    list('VISIBILITIES', 'Visibility', VISIBILITIES, 'Who sees a need.'),
    list('NEED_STATUSES', 'NeedStatus', NEED_STATUSES, 'A need’s statuses.'),
    list('CAPABILITY_STATUSES', 'CapabilityStatus', CAPABILITY_STATUSES, 'A capability’s statuses.'),
    list('IP_STATUSES', 'IpStatus', IP_STATUSES, 'Intellectual-property statuses of a capability.'),
    list('MATCH_STATUSES', 'MatchStatus', MATCH_STATUSES, 'A match’s statuses (src/modules/matching/match.entity.ts).'),
    list('BANDS', 'Band', BANDS, 'Confidence bands, high to low.'),
    list(
      'REJECT_REASONS',
      'RejectReason',
      REJECT_REASONS,
      'Why a coordinator rejects a suggestion (src/modules/matching/reject-reasons.ts).',
    ),
    list('CLOSE_REASONS', 'CloseReason', CLOSE_REASONS, 'Why an introduction ends without a deal.'),
    `/** The close reasons' names, Chinese / English. */\nexport const CLOSE_REASON_LABELS: Record<CloseReason, string> = ${JSON.stringify(CLOSE_REASON_LABELS)};\n`,
    `/** The match's state machine: the statuses each status may move to. */\n` +
      `export const NEXT_STATES: Readonly<Record<MatchStatus, readonly MatchStatus[]>> = ${JSON.stringify(NEXT_STATES)};\n`,
    `/** Statuses from which progress notes may be added. */\nexport const NOTE_STATES: readonly MatchStatus[] = ${JSON.stringify(NOTE_STATES)};\n`,
    `/** Statuses in which a capability is taken up by an introduction. */\nexport const ACTIVE_INTRODUCTION: readonly MatchStatus[] = ${JSON.stringify(ACTIVE_INTRODUCTION)};\n`,
    `/** The matcher's alias table (src/modules/matching/text/data/aliases.json): canonical term → the other spellings. */\n` +
      `export const TERM_VARIANTS: Readonly<Record<string, readonly string[]>> = ${JSON.stringify(variants)};\n`,
  ].join('\n');
}
