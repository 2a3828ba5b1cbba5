import { afterAll, expect, it } from '@jest/globals';
import { Workspace, type CheckOutcome } from '@mm-review/core';
import {
  DOCUMENTATION_RULES,
  documentationCheck,
  findDevelopment,
  findFeatures,
  findScreenshot,
  ISSUE_TRACKER_DOCS_RULES,
  issueTrackerDocsPart,
  loadDocs,
} from '@mm-review/docs';
import { PluginContext } from '@mm-review/plugin';
import { corpusRepos, describeCorpus, repoDir } from './corpus';

type Verdict = [screenshot: boolean, features: boolean, development: boolean, why: string];

/**
 * A person's verdict on each README (and the docs it links to), written by reading
 * them, not by running the check: does it show the plugin in action, list its
 * features, and tell a developer how to build it? The check must agree with every one.
 */
const VERDICTS: Record<string, Verdict> = {
  'Kopano-dev__mattermost-plugin-kopanowebmeetings': [
    false,
    false,
    true,
    'no image at all; one-sentence description; "Quick start" + "Building from source" with `make dist`',
  ],
  'MatthewDorner__mattermost-plugin-chess': [
    true,
    false,
    false,
    'user-images screenshot; features only as prose under "Use"; nothing on building',
  ],
  'ParabolInc__parabol-mattermost-plugin': [
    false,
    false,
    true,
    'no image; one sentence of what it does; "Building" and "Development" with commands',
  ],
  'apartmentlines__mattermost-plugin-poor-mans-scheduled-messages': [
    false,
    false,
    true,
    'only the logo (alt "logo"); "Purpose" is prose; DEVELOPMENT.md at the root, not linked',
  ],
  'blindsidenetworks__mattermost-plugin-bigbluebutton': [
    true,
    false,
    true,
    'video thumbnail and docs_images screenshots; "Usage" is a walkthrough, no feature list; "Contributing" with `make build`',
  ],
  'dmitrijkir__mattermost-plugin-calendar': [
    true,
    true,
    true,
    'github.com/<owner>/<repo>/assets screenshot; "Features" list; "Development" with make targets',
  ],
  'gabrieljackson__mattermost-plugin-wrangler': [
    true,
    true,
    false,
    '75px profile.png is a logo, assets/user-images shots are screenshots; "About" lists 3 functions; no build instructions',
  ],
  'jfrerich__mattermost-plugin-bookmarks': [
    true,
    false,
    false,
    'screenshots under "ScreenShots" (logo is 75px); prose + command reference, no feature list; no development section',
  ],
  'mattermost-community__mattermost-plugin-alertmanager': [
    true,
    true,
    true,
    'README itself has no image, but the linked docs/QUICKSTART.md shows the plugin in Mattermost; "Key features for daily use"; "Building from source"',
  ],
  'mattermost-community__mattermost-plugin-antivirus': [
    true,
    false,
    false,
    'root-relative screenshots under "Testing"; prose overview and a requirements list only; no development section',
  ],
  'mattermost-community__mattermost-plugin-autolink': [
    true,
    false,
    true,
    'user-images screenshots; two sentences, no feature list; "Development"',
  ],
  'mattermost-community__mattermost-plugin-azure-devops': [
    true,
    true,
    true,
    'user-images screenshots; "Features" list; "Developer setup" links docs/developer_docs.md',
  ],
  'mattermost-community__mattermost-plugin-confluence': [
    true,
    true,
    true,
    'assets screenshots; "Features" list after a "# Disclaimer" H1; "Development"',
  ],
  'mattermost-community__mattermost-plugin-custom-attributes': [
    true,
    false,
    true,
    'user-images screenshots; prose description only; "Development"',
  ],
  'mattermost-community__mattermost-plugin-jitsi': [
    true,
    true,
    true,
    'user-images screenshot; "Features" list; "Manual builds" and "Development"',
  ],
  'mattermost-community__mattermost-plugin-memes': [
    true,
    false,
    true,
    'screenshot.png at 583px; one sentence; "Development" with `make memelibrary`',
  ],
  'mattermost-community__mattermost-plugin-skype4business': [
    true,
    false,
    true,
    'user-images screenshot; two sentences; "Developing"',
  ],
  'mattermost-community__mattermost-plugin-todo': [
    false,
    false,
    true,
    'badges only; one sentence plus usage steps; "Development"',
  ],
  'mattermost-community__mattermost-plugin-welcomebot': [
    true,
    false,
    true,
    'user-images screenshots; one sentence plus config reference; "Development"',
  ],
  'mattermost__mattermost-plugin-agents': [
    true,
    true,
    true,
    'img/*.webp screenshot (the badge in the H1 is not); "Key Features"; "Development" with local setup',
  ],
  'mattermost__mattermost-plugin-apps': [
    false,
    false,
    true,
    'deprecated, docs on developers.mattermost.com (homepage_url); no image or feature list here; "Develop an App" / "Running the Tests"',
  ],
  'mattermost__mattermost-plugin-calls': [
    true,
    false,
    true,
    'user-images screenshot; one sentence, features only in external docs; "Development" with requirements and build',
  ],
  'mattermost__mattermost-plugin-demo': [
    false,
    false,
    false,
    'badges only; a demonstration plugin without feature list; only release instructions, no development guide',
  ],
  'mattermost__mattermost-plugin-github': [
    false,
    false,
    true,
    'badges only; defers everything to the product docs although homepage_url is the repo; "Development"',
  ],
  'mattermost__mattermost-plugin-gitlab': [
    true,
    true,
    true,
    'user-images screenshot; "Feature summary" with subsections and list; "Development"',
  ],
  'mattermost__mattermost-plugin-jira': [
    true,
    true,
    true,
    'lower-case readme.md; assets and user-images screenshots; "Feature summary"; "Getting started locally"',
  ],
  'mattermost__mattermost-plugin-msteams': [
    false,
    true,
    true,
    'no image; "Features" list; "Development" with setup and build',
  ],
  'mattermost__mattermost-plugin-nps': [
    false,
    false,
    true,
    'badges only; behaviour described inside the developer section, no feature list; "Developing"',
  ],
  'mattermost__mattermost-plugin-playbooks': [
    true,
    false,
    true,
    'assets/incident_response.png screenshot; configuration deferred to external docs, no feature list; "Development Builds"',
  ],
  'mattermost__mattermost-plugin-servicenow': [
    true,
    true,
    true,
    'user-images screenshots inside the "Features" list; developer docs linked from the overview',
  ],
  'mattermost__mattermost-plugin-starter-template': [
    false,
    false,
    true,
    'a template: no image, no features; "Getting Started" and "Development"',
  ],
  'mattermost__mattermost-plugin-zoom': [
    true,
    false,
    true,
    'github.com/.../assets screenshot; prose + external docs, no feature list; "Development"',
  ],
  'moussetc__mattermost-plugin-giphy': [
    true,
    false,
    true,
    'assets/demo_preview.png; one sentence + usage, no feature list; "Development"',
  ],
  'pexip__pexip-mattermost-plugin': [
    true,
    true,
    true,
    'docs/images screenshots (one broken path); "you will be able to perform the following actions" list; developer guide linked',
  ],
  'quarkslab__mattermost-plugin-e2ee': [
    true,
    false,
    true,
    'docs/screenshot.png in a centered div (logo.svg at 20% is not); prose + detailed usage, no feature list; "Development"',
  ],
  'scottleedavis__mattermost-plugin-remind': [
    true,
    false,
    true,
    'remind.png shows the bot reply; command syntax only, no feature list; "Build"',
  ],
};

const tally = { agree: 0, total: 0, disagreements: [] as string[] };

async function contextFor(name: string): Promise<PluginContext> {
  return new PluginContext(await Workspace.open(repoDir(name)), { mode: 'new', beta: false, offline: true });
}

async function runCheck(name: string): Promise<CheckOutcome> {
  return documentationCheck.run(await contextFor(name), { mode: 'new', beta: false });
}

describeCorpus('documentation on the corpus READMEs', () => {
  it('has a verdict for every corpus repository', () => {
    expect(Object.keys(VERDICTS).sort()).toEqual(corpusRepos());
  });

  it.each(Object.entries(VERDICTS))(
    '%s: the check agrees with the human verdict',
    async (name, [screenshot, features, development, why]) => {
      const docs = await loadDocs(await contextFor(name));
      const machine = [
        (await findScreenshot(docs)) !== undefined,
        findFeatures(docs) !== undefined,
        findDevelopment(docs) !== undefined,
      ];
      const human = [screenshot, features, development];
      ['screenshot', 'features', 'development'].forEach((label, i) => {
        tally.total++;
        if (machine[i] === human[i]) tally.agree++;
        else tally.disagreements.push(`${name} ${label}: human ${human[i]}, check ${machine[i]} (${why})`);
      });
      expect(machine).toEqual(human);
    },
  );

  it('fails every README a reviewer would reject and passes none of them', async () => {
    for (const [name, [screenshot, features, development]] of Object.entries(VERDICTS)) {
      const outcome = await runCheck(name);
      const missing = outcome.findings
        .filter((f) => /^documentation\/(screenshot|features|development)-missing$/.test(f.rule))
        .map((f) => f.rule);
      const expected = [
        !screenshot && 'documentation/screenshot-missing',
        !features && 'documentation/features-missing',
        !development && 'documentation/development-missing',
      ].filter(Boolean);
      const external = name === 'mattermost__mattermost-plugin-apps';
      expect({ name, missing }).toEqual({ name, missing: external ? [] : expected });
      if (!screenshot || !features || !development)
        expect({ name, status: outcome.status }).toEqual({ name, status: external ? 'manual' : undefined });
    }
  });

  it('reports the docs on an external site (apps) as manual, with the URL', async () => {
    const outcome = await runCheck('mattermost__mattermost-plugin-apps');
    expect(outcome.status).toBe('manual');
    expect(outcome.findings.find((f) => f.rule === 'documentation/external-docs')?.message).toContain(
      'https://developers.mattermost.com/integrate/apps',
    );
  });

  it('finds the broken relative image of pexip with its line', async () => {
    const outcome = await runCheck('pexip__pexip-mattermost-plugin');
    const broken = outcome.findings.filter((f) => f.rule === 'documentation/image-broken');
    expect(broken.map((f) => [f.file, f.line, f.column])).toEqual([['README.md', 131, 3]]);
  });

  it("finds the anchor that does not match GitHub's slug in e2ee", async () => {
    const outcome = await runCheck('quarkslab__mattermost-plugin-e2ee');
    const anchors = outcome.findings.filter((f) => f.rule === 'documentation/anchor-broken');
    expect(anchors.map((f) => [f.line, f.column])).toEqual([[136, 23]]);
    expect(anchors[0]?.message).toContain('did you mean #private-key-generation--backup');
  });

  it('flags the homepage_url mistakes: placeholder (alertmanager), organisation page (bigbluebutton), missing (chess)', async () => {
    const rules = async (name: string): Promise<string[]> =>
      (await runCheck(name)).findings.map((f) => f.rule).filter((r) => r.startsWith('documentation/homepage'));
    expect(await rules('mattermost-community__mattermost-plugin-alertmanager')).toEqual([
      'documentation/homepage-url-invalid',
    ]);
    expect(await rules('blindsidenetworks__mattermost-plugin-bigbluebutton')).toEqual([
      'documentation/homepage-url-not-docs',
    ]);
    expect(await rules('MatthewDorner__mattermost-plugin-chess')).toEqual(['documentation/homepage-url-missing']);
  });

  it('checks the docs link to the tracker named by support_url', async () => {
    const linked: string[] = [];
    for (const name of corpusRepos()) {
      const outcome = await issueTrackerDocsPart(await contextFor(name));
      if (outcome.status === undefined && outcome.findings.length === 0) linked.push(name);
    }
    // The Mattermost-maintained READMEs carry a "Help Wanted" badge linking …/issues?q=…;
    // calendar and jira link the tracker in their support text.
    expect(linked).toEqual([
      'dmitrijkir__mattermost-plugin-calendar',
      'mattermost-community__mattermost-plugin-antivirus',
      'mattermost-community__mattermost-plugin-autolink',
      'mattermost-community__mattermost-plugin-confluence',
      'mattermost-community__mattermost-plugin-custom-attributes',
      'mattermost-community__mattermost-plugin-jitsi',
      'mattermost-community__mattermost-plugin-todo',
      'mattermost-community__mattermost-plugin-welcomebot',
      'mattermost__mattermost-plugin-demo',
      'mattermost__mattermost-plugin-github',
      'mattermost__mattermost-plugin-gitlab',
      'mattermost__mattermost-plugin-jira',
      'mattermost__mattermost-plugin-zoom',
    ]);
  });

  it('cites the screenshot a reviewer would: the plugin at work, not a download or settings step', async () => {
    // bigbluebutton's first images show downloading the release and enabling plugins in the
    // System Console; the first one of the plugin itself is the channel header at line 49.
    const bbb = await findScreenshot(
      await loadDocs(await contextFor('blindsidenetworks__mattermost-plugin-bigbluebutton')),
    );
    expect(bbb).toMatchObject({ file: 'README.md', line: 49, what: 'image docs_images/createchannelheader.png' });
    // alertmanager's QUICKSTART opens with the upload page and the integration toggles; the
    // first shot of the plugin at work is the /alertmanager add command of step 3.
    const alertmanager = await findScreenshot(
      await loadDocs(await contextFor('mattermost-community__mattermost-plugin-alertmanager')),
    );
    expect(alertmanager).toMatchObject({ file: 'docs/QUICKSTART.md', line: 117 });
  });

  it('reports the missing recommended sections in at most one finding per document', async () => {
    for (const name of corpusRepos()) {
      const outcome = await runCheck(name);
      const missing = outcome.findings.filter((f) => f.rule === 'documentation/section-missing');
      expect({ name, count: missing.length <= 1 }).toEqual({ name, count: true });
    }
    const todo = (await runCheck('mattermost-community__mattermost-plugin-todo')).findings.filter(
      (f) => f.rule === 'documentation/section-missing',
    );
    expect(todo).toEqual([expect.objectContaining({ severity: 'notice', file: 'README.md', line: 5, column: 1 })]);
    expect(todo[0]?.message).toMatch(
      /^Recommended sections "Requirements", "Configuration", "Troubleshooting" and "Help and support" not found in README\.md/,
    );
  });

  it('declares every rule the documentation check and the tracker part emit on the corpus', async () => {
    const declared = new Set([...Object.keys(DOCUMENTATION_RULES), ...Object.keys(ISSUE_TRACKER_DOCS_RULES)]);
    expect(documentationCheck.rules).toBe(DOCUMENTATION_RULES);
    expect(issueTrackerDocsPart.rules).toBe(ISSUE_TRACKER_DOCS_RULES);
    for (const name of corpusRepos()) {
      const findings = [
        ...(await runCheck(name)).findings,
        ...(await issueTrackerDocsPart(await contextFor(name))).findings,
      ];
      for (const finding of findings)
        expect({ name, rule: finding.rule, declared: declared.has(finding.rule) }).toEqual({
          name,
          rule: finding.rule,
          declared: true,
        });
    }
  });

  afterAll(() => {
    if (tally.total > 0) {
      console.log(
        `documentation corpus agreement: ${tally.agree}/${tally.total} verdicts (${((100 * tally.agree) / tally.total).toFixed(1)}%)${tally.disagreements.length ? `\n${tally.disagreements.join('\n')}` : ''}`,
      );
    }
  });
});
