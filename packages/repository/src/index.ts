import type { Check } from '@mm-review/core';
import type { PluginContext } from '@mm-review/plugin';
import { licenseCheck } from './license/check';
import { publicRepositoryCheck } from './public-repository';
import { securityContactCheck } from './security-contact';

export { assessLicenses, licenseCheck } from './license/check';
export {
  identifyLicense,
  identifyLicenseText,
  loadSpdxIndex,
  MATCH_THRESHOLD,
  splitSections,
  type Identification,
  type LicenseMatch,
  type LicenseSection,
} from './license/identify';
export { licenseWords, normalizeLicenseText, type NormalizedLicense } from './license/normalize';
export { classifyTerms, type Terms, type TermsKind } from './license/terms';
export { publicRepositoryCheck } from './public-repository';
export { LICENSE_RULES, PUBLIC_REPOSITORY_RULES, SECURITY_CONTACT_RULES } from './rules';
export { findContact, securityContactCheck, securitySections, type Contact } from './security-contact';
export { eventRepository, targetRepository, type EventRepository, type TargetRepository } from './target';

/** The checks of the check-repository action, in checklist order. */
export const repositoryChecks: readonly Check<PluginContext>[] = [
  licenseCheck,
  publicRepositoryCheck,
  securityContactCheck,
];
