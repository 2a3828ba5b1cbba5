// Types shared by the license identifier, the popular-license fast path and its generated
// table, so none of them imports another's module for a type.

export interface LicenseMatch {
  /** The preferred SPDX id; `alsoIds` share the same text. */
  spdxId: string;
  alsoIds: string[];
  name: string;
  osiApproved: boolean;
  /** Similarity in percent (Sørensen–Dice on word sets with a length penalty), one decimal. */
  score: number;
}

export interface LicenseSection {
  /** 1-based first and last line of the section in the file. */
  startLine: number;
  endLine: number;
  match?: LicenseMatch;
  nearest?: LicenseMatch;
}

export interface Identification {
  /** Set when the whole text matches one license. */
  match?: LicenseMatch;
  /** The closest license when nothing matched. */
  nearest?: LicenseMatch;
  /** Set when the file concatenates several license texts and at least one matched. */
  sections?: LicenseSection[];
}

export type PopularLicenseHash = readonly [string, readonly string[], string, 0 | 1];
