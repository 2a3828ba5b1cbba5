// Writes a plausible plugin for benchmarking check-server-code: plugin.json, the usual
// server/main.go, plugin.go and configuration.go, then generated files (commands, KV
// stores, HTTP handlers, jobs) up to `fileCount` Go files, a test file per ten (never
// read), and a small webapp. Deterministic: the same count gives the same tree.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const PLUGIN_IMPORT = 'github.com/mattermost/mattermost/server/public/plugin';
const MODEL_IMPORT = 'github.com/mattermost/mattermost/server/public/model';
const PLUGINAPI_IMPORT = 'github.com/mattermost/mattermost/server/public/pluginapi';

const manifest = {
  id: 'com.example.bench',
  name: 'Bench',
  description: 'A generated plugin for benchmarking check-server-code.',
  version: '1.0.0',
  min_server_version: '9.5.0',
  server: { executables: { 'linux-amd64': 'server/dist/plugin-linux-amd64' } },
  webapp: { bundle_path: 'webapp/dist/main.js' },
  settings_schema: {
    settings: [
      {
        key: 'EnableFeature',
        display_name: 'Enable Feature:',
        type: 'bool',
        help_text: 'When true, the feature is on.',
        default: true,
      },
      { key: 'ServiceURL', display_name: 'Service URL:', type: 'text', help_text: 'The URL of the service.' },
      {
        key: 'APIToken',
        display_name: 'API Token:',
        type: 'text',
        help_text: 'The token of the service.',
        secret: true,
      },
    ],
  },
};

const mainGo = `package main

import (
	"${PLUGIN_IMPORT}"
)

func main() {
	plugin.ClientMain(&Plugin{})
}
`;

const pluginGo = `package main

import (
	"net/http"
	"sync"

	"${PLUGIN_IMPORT}"
	"${PLUGINAPI_IMPORT}"
)

// Plugin implements the interface expected by the Mattermost server.
type Plugin struct {
	plugin.MattermostPlugin
	client *pluginapi.Client

	configurationLock sync.RWMutex
	configuration     *configuration
}

func (p *Plugin) OnActivate() error {
	p.client = pluginapi.NewClient(p.API, p.Driver)
	p.API.LogInfo("Bench plugin activated")
	return nil
}

func (p *Plugin) ServeHTTP(c *plugin.Context, w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Mattermost-User-ID") == "" {
		http.Error(w, "Not authorized", http.StatusUnauthorized)
		return
	}
	p.route(w, r)
}
`;

const configurationGo = `package main

import "github.com/pkg/errors"

type configuration struct {
	EnableFeature bool
	ServiceURL    string
	APIToken      string
}

func (p *Plugin) getConfiguration() *configuration {
	p.configurationLock.RLock()
	defer p.configurationLock.RUnlock()
	if p.configuration == nil {
		return &configuration{}
	}
	return p.configuration
}

func (p *Plugin) OnConfigurationChange() error {
	configuration := new(configuration)
	if err := p.API.LoadPluginConfiguration(configuration); err != nil {
		return errors.Wrap(err, "failed to load plugin configuration")
	}
	p.configurationLock.Lock()
	p.configuration = configuration
	p.configurationLock.Unlock()
	return nil
}
`;

/** One generated file: a KV-backed store, a command and a handler, with comments and strings around the calls. */
function featureGo(index) {
  const name = `feature${index}`;
  const type = `Feature${index}`;
  return `package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	"${MODEL_IMPORT}"
)

// ${type} is generated feature number ${index}. Calls in comments never count:
// p.API.GetUsersByIds(ids), p.API.SendToastMessage(userID, connID, msg, opts).
type ${type} struct {
	ID        string \`json:"id"\`
	ChannelID string \`json:"channel_id"\`
	Count     int    \`json:"count"\`
	Note      string \`json:"note"\`
}

const ${name}Usage = \`Usage: /${name} [add|list|clear]
A raw string with code-like text: p.API.KVSet("key", value)\`

func (p *Plugin) ${name}Key(id string) string {
	return fmt.Sprintf("${name}_%s", id)
}

func (p *Plugin) save${type}(item *${type}) error {
	data, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("failed to encode ${name}: %w", err)
	}
	if appErr := p.API.KVSet(p.${name}Key(item.ID), data); appErr != nil {
		p.API.LogError("Failed to save ${name}", "id", item.ID, "err", appErr.Error())
		return appErr
	}
	return nil
}

func (p *Plugin) load${type}(id string) (*${type}, error) {
	data, appErr := p.API.KVGet(p.${name}Key(id))
	if appErr != nil {
		return nil, appErr
	}
	if data == nil {
		return nil, nil
	}
	var item ${type}
	if err := json.Unmarshal(data, &item); err != nil {
		return nil, fmt.Errorf("failed to decode ${name}: %w", err)
	}
	return &item, nil
}

func (p *Plugin) handle${type}(w http.ResponseWriter, r *http.Request) {
	item, err := p.load${type}(r.URL.Query().Get("id"))
	if err != nil {
		p.API.LogError("Failed to load ${name}", "err", err.Error())
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(item)
}

func (p *Plugin) command${type}(args *model.CommandArgs) *model.CommandResponse {
	item := &${type}{ID: args.UserId, ChannelID: args.ChannelId, Note: "it's \\"quoted\\""}
	for i := 0; i < 3; i++ {
		item.Count += i
	}
	if err := p.save${type}(item); err != nil {
		return &model.CommandResponse{Text: "Could not save: " + err.Error()}
	}
	post := &model.Post{ChannelId: args.ChannelId, Message: fmt.Sprintf("Saved ${name} %d", item.Count)}
	p.API.SendEphemeralPost(args.UserId, post)
	_, _ = p.client.KV.Set("${name}_last", item.ID)
	r := '\\''
	_ = r
	return &model.CommandResponse{}
}
`;
}

function routerGo(count) {
  const cases = Array.from({ length: count }, (_, i) => `\tcase "/feature${i}":\n\t\tp.handleFeature${i}(w, r)`).join(
    '\n',
  );
  return `package main

import "net/http"

func (p *Plugin) route(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
${cases}
	default:
		http.NotFound(w, r)
	}
}
`;
}

const testGo = (index) => `package main

import (
	"fmt"
	"os"
	"testing"
)

func TestFeature${index}(t *testing.T) {
	fmt.Println(os.Getenv("HOME"))
}
`;

const webappIndex = `import manifest from './manifest';

export default class Plugin {
    public async initialize(registry: any, store: any) {
        registry.registerRootComponent(() => null);
        registry.registerUserSettings?.({id: manifest.id, uiName: 'Bench', sections: []});
        registry.registerWebSocketEventHandler(\`custom_\${manifest.id}_event\`, (msg: any) => store.dispatch({type: 'EVENT', msg}));
    }
}

window.registerPlugin(manifest.id, new Plugin());
`;

/** Writes the tree under `dir`, with `fileCount` (at least 4) Go source files in server/. */
export async function generateServerTree(dir, fileCount) {
  const features = Math.max(1, fileCount - 4);
  await mkdir(path.join(dir, 'server'), { recursive: true });
  await mkdir(path.join(dir, 'webapp', 'src'), { recursive: true });
  const files = [
    ['plugin.json', `${JSON.stringify(manifest, null, 2)}\n`],
    ['server/main.go', mainGo],
    ['server/plugin.go', pluginGo],
    ['server/configuration.go', configurationGo],
    ['server/router.go', routerGo(features)],
    ['webapp/src/index.tsx', webappIndex],
  ];
  for (let i = 0; i < features; i++) {
    files.push([`server/feature_${i}.go`, featureGo(i)]);
    if (i % 10 === 0) files.push([`server/feature_${i}_test.go`, testGo(i)]);
  }
  await Promise.all(files.map(([file, text]) => writeFile(path.join(dir, file), text)));
  return dir;
}
