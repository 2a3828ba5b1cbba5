import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from '@jest/globals';
import { brief, review } from './helpers';

const SCHEDULE =
  "if it must run once per cluster rather than once per node, schedule it with pluginapi's cluster.Schedule or guard it with cluster.NewMutex.";
const LOCAL_FILE =
  "writes to this node's local disk: other cluster nodes do not see the file and Cloud servers may not keep it; store the data in the KV store or the file store (p.API.UploadFile) instead.";

describe('high-availability', () => {
  it('stays manual without hints for a plugin that keeps no per-node state (the configuration lock is fine)', async () => {
    const { 'high-availability': result } = await review('good');
    expect(result?.status).toBe('manual');
    expect(result?.findings).toEqual([]);
  });

  it('points at written package-level maps, process-local mutexes, unscheduled loops and local files', async () => {
    const { 'high-availability': result } = await review('ha');
    expect(result?.status).toBe('manual');
    expect(result?.findings.map(brief)).toEqual([
      [
        'high-availability/package-state',
        'server/plugin.go:11:5',
        "The package-level map userCache is written at run time and lives in this server's memory: in a High Availability cluster every server node has its own copy, so what one node stores the others never see. Keep shared state in the KV store (p.API.KVSet) or keep each node's copy in sync with cluster events.",
      ],
      [
        'high-availability/local-mutex',
        'server/plugin.go:19:2',
        "Plugin.stateLock (sync.Mutex) locks only inside this server process; if it guards state that must stay consistent across cluster nodes, use pluginapi's cluster.NewMutex or the KV store's atomic operations instead.",
      ],
      [
        'high-availability/background-loop',
        'server/plugin.go:29:12',
        `A background loop on time.NewTicker runs on every node of a High Availability cluster; ${SCHEDULE}`,
      ],
      ['high-availability/local-file', 'server/plugin.go:43:6', `os.WriteFile ("/tmp/state.json") ${LOCAL_FILE}`],
      ['high-availability/local-file', 'server/plugin.go:44:10', `os.OpenFile ("data.log") ${LOCAL_FILE}`],
    ]);
    expect(result?.findings.every((f) => f.severity === 'notice')).toBe(true);
  });

  it('stays manual without server code', async () => {
    const { 'high-availability': result } = await review('webapp-only');
    expect(result?.status).toBe('manual');
    expect(result?.summary).toBe('No server code: a person must still confirm the plugin holds no per-node state.');
  });

  describe('background work', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ha-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));
    const hints = async (name: string, code: string): Promise<string[]> => {
      const dir = path.join(root, name);
      mkdirSync(path.join(dir, 'server'), { recursive: true });
      writeFileSync(path.join(dir, 'plugin.json'), '{"id": "x", "min_server_version": "9.0.0"}');
      writeFileSync(path.join(dir, 'server/jobs.go'), code);
      const { 'high-availability': result } = await review(dir);
      return (result?.findings ?? []).map(
        (f) => `${f.rule} ${f.line}:${f.column} ${f.message.split(' runs on every node')[0]}`,
      );
    };

    it('points at cron libraries, time.AfterFunc and endless loops in goroutines', async () => {
      const code = [
        'package main',
        '',
        'import (',
        '\t"time"',
        '',
        '\t"github.com/robfig/cron/v3"',
        ')',
        '',
        'func (p *Plugin) start() {',
        '\ttime.AfterFunc(time.Hour, p.cleanup)',
        '\tgo func() {',
        '\t\tfor {',
        '\t\t\tp.poll()',
        '\t\t}',
        '\t}()',
        '\tgo func() {',
        '\t\tfor {',
        '\t\t\ttime.Sleep(time.Minute)',
        '\t\t}',
        '\t}()',
        '\tc := cron.New()',
        '\t_ = c',
        '}',
        '',
      ].join('\n');
      expect(await hints('cron', code)).toEqual([
        'high-availability/background-loop 6:2 Jobs scheduled with robfig/cron',
        'high-availability/background-loop 10:2 time.AfterFunc schedules work that',
        'high-availability/background-loop 12:3 A `for {` loop in a goroutine',
        'high-availability/background-loop 18:4 An endless loop paced by time.Sleep',
      ]);
    });

    it('says nothing about a sleep inside a bounded retry, maps filled in init, or jobs scheduled with cluster.Schedule', async () => {
      const code = [
        'package main',
        '',
        'import (',
        '\t"time"',
        '',
        '\t"github.com/mattermost/mattermost/server/public/pluginapi/cluster"',
        ')',
        '',
        'var commands = map[string]string{}',
        '',
        'func init() {',
        '\tcommands["help"] = "Shows help"',
        '}',
        '',
        'func (p *Plugin) handle() {',
        '\tfor i := 0; i < 3; i++ {',
        '\t\ttime.Sleep(time.Second)',
        '\t}',
        '}',
        '',
        'func (p *Plugin) OnActivate() error {',
        '\tjob, err := cluster.Schedule(p.API, "sync", cluster.MakeWaitForRoundedInterval(time.Hour), p.sync)',
        '\tticker := time.NewTicker(time.Minute)',
        '\t_, _ = job, ticker',
        '\treturn err',
        '}',
        '',
      ].join('\n');
      expect(await hints('quiet', code)).toEqual([]);
    });
  });
});
