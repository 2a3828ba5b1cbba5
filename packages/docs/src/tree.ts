import type { EntryInfo, Workspace } from '@mm-review/core';

export type TargetState =
  | { kind: 'file' | 'directory'; path: string }
  | { kind: 'missing'; path: string }
  /** GitHub paths are case-sensitive: the target exists only under another case. */
  | { kind: 'case-mismatch'; path: string; actual: string }
  | { kind: 'outside'; path: string; detail: string };

/**
 * Answers "does this relative path exist, with exactly this case?" for the links and
 * images of the docs. Folder listings are cached, so checking hundreds of links costs
 * one listing per folder; symbolic links are never followed out of the root.
 */
export class TreeIndex {
  private readonly listings = new Map<string, Promise<EntryInfo[]>>();
  private readonly states = new Map<string, Promise<TargetState>>();

  constructor(private readonly workspace: Workspace) {}

  /** What the workspace's entry budgets left unread (folders listed only in part). */
  omissions(): string[] {
    return [...this.workspace.omissions];
  }

  state(relative: string): Promise<TargetState> {
    let state = this.states.get(relative);
    if (!state) {
      state = this.lookUp(relative);
      this.states.set(relative, state);
    }
    return state;
  }

  private async lookUp(relative: string): Promise<TargetState> {
    const segments = relative.split('/').filter((s) => s !== '' && s !== '.');
    let dir = '';
    let actualPath = '';
    let caseMismatch = false;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i] as string;
      const entries = await this.list(dir);
      const exact = entries.find((e) => e.name === segment);
      const entry = exact ?? entries.find((e) => e.name.toLowerCase() === segment.toLowerCase());
      if (!entry) return { kind: 'missing', path: relative };
      if (!exact) caseMismatch = true;
      actualPath = actualPath ? `${actualPath}/${entry.name}` : entry.name;
      if (entry.link && entry.link.resolved !== 'inside') {
        const detail = entry.link.resolved === 'outside' ? `a symbolic link to ${entry.link.target}, outside the repository` : `a symbolic link to ${entry.link.target}, which does not exist`;
        return { kind: 'outside', path: relative, detail };
      }
      const last = i === segments.length - 1;
      if (!last && entry.kind !== 'directory') return { kind: 'missing', path: relative };
      if (last) {
        if (caseMismatch) return { kind: 'case-mismatch', path: relative, actual: actualPath };
        return { kind: entry.kind === 'directory' ? 'directory' : 'file', path: relative };
      }
      dir = entry.path;
    }
    return { kind: 'directory', path: '' };
  }

  private list(dir: string): Promise<EntryInfo[]> {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = this.workspace.list(dir);
      this.listings.set(dir, listing);
    }
    return listing;
  }
}
