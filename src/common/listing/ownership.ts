import type { OrganizationKind } from '../domain/vocabulary.js';
import { forbidden, invalidField } from '../errors/app-errors.js';
import type { FieldError } from '../errors/error-body.js';

export interface Actor {
  role: 'member' | 'coordinator' | 'admin';
  organizationId: string;
  organizationKind: OrganizationKind;
}

export interface OwnerOrganization {
  id: string;
  kind: OrganizationKind;
  district: string;
}

/**
 * Who owns a new listing. Members post for their own organisation, which must be of an owning kind; coordinators
 * post on an owner's behalf and must say which. Returns the owner or the problem.
 */
export function resolveOwner(
  actor: Actor,
  requested: string | undefined,
  ownerKinds: readonly OrganizationKind[],
  lookup: (id: string) => OwnerOrganization | undefined,
  what: { zh: string; en: string },
  field = 'organizationId',
): { owner: OwnerOrganization } | { forbidden: string } | { error: FieldError } {
  const kinds = ownerKinds.join(', ');
  if (actor.role === 'member') {
    if (requested && requested !== actor.organizationId) {
      return { forbidden: `成员只能为本组织发布${what.zh} / members post ${what.en} for their own organisation only` };
    }
    if (!ownerKinds.includes(actor.organizationKind)) {
      return { forbidden: `只有${kinds}类组织可以发布${what.zh} / only ${kinds} organisations post ${what.en}` };
    }
    const own = lookup(actor.organizationId);
    return own ? { owner: own } : { forbidden: 'organisation not found' };
  }
  if (!requested) {
    return {
      error: {
        field,
        message: `协调员代为发布时须指定 organizationId / coordinators must name the owning organisation`,
      },
    };
  }
  const org = lookup(requested);
  if (!org) return { error: { field, message: '组织不存在 / no such organisation' } };
  if (!ownerKinds.includes(org.kind)) {
    return {
      error: { field, message: `${what.zh}只能属于${kinds}类组织 / ${what.en} belong to ${kinds} organisations only` },
    };
  }
  return { owner: org };
}

/** resolveOwner for a single item: throws the 403 or 400 directly. */
export function requireOwner(...args: Parameters<typeof resolveOwner>): OwnerOrganization {
  const r = resolveOwner(...args);
  if ('forbidden' in r) throw forbidden(r.forbidden);
  if ('error' in r) throw invalidField(r.error.field, r.error.message);
  return r.owner;
}
