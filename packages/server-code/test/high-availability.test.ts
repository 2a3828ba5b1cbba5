import { describe, expect, it } from '@jest/globals';
import { brief, review } from './helpers';

const SCHEDULE = "if it must run once per cluster rather than once per node, schedule it with pluginapi's cluster.Schedule.";
const LOCAL_FILE = "writes to this node's local disk: other cluster nodes do not see the file and Cloud servers may not keep it; store the data in the KV store or the file store (p.API.UploadFile) instead.";

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
      ['high-availability/package-state', 'server/plugin.go:11:5', "The package-level map userCache is written at run time and lives in this server's memory: in a High Availability cluster every server node has its own copy, so what one node stores the others never see. Keep shared state in the KV store (p.API.KVSet) or keep each node's copy in sync with cluster events."],
      ['high-availability/local-mutex', 'server/plugin.go:19:2', "Plugin.stateLock (sync.Mutex) locks only inside this server process; if it guards state that must stay consistent across cluster nodes, use pluginapi's cluster.NewMutex or the KV store's atomic operations instead."],
      ['high-availability/background-loop', 'server/plugin.go:29:12', `A background loop on time.NewTicker runs on every node of a High Availability cluster; ${SCHEDULE}`],
      ['high-availability/background-loop', 'server/plugin.go:41:3', `A loop paced by time.Sleep runs on every node of a High Availability cluster; ${SCHEDULE}`],
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
});
