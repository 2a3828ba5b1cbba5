import type { BumpLevel } from './semver';

/** One change that requires a release level, with where it is. */
export interface BumpReason {
  level: BumpLevel;
  /** `version-bump/<rule>`. */
  rule: string;
  /** What changed and why it needs this level, as one sentence. */
  message: string;
  /** The change in a few words, for lists: `setting "Token" removed`. */
  what: string;
  file?: string;
  line?: number;
  column?: number;
}
