import { describe, expect, it } from '@jest/globals';
import { defaultImportName, parseGoFile } from '../src/go/parse';

const SOURCE = `package main

import (
	"fmt"
	api "github.com/mattermost/mattermost/server/public/plugin"
	_ "embed"
	"gopkg.in/yaml.v3"
	"github.com/mattermost/mattermost-plugin-api"
)

import "os"

type (
	configuration struct {
		Name, Other string \`json:"name"\`
		Nested      struct{ A int }
		*Embedded
		ext.Type
	}
	alias = configuration
)

type List[T any] struct{ items []T }

var cache = map[string]int{}
var (
	a, b int
	mu   sync.Mutex
)

func (p *Plugin) Method(x interface{}) (struct{ A int }, error) {
	return struct{ A int }{}, nil
}

func generic[T any](v T) T { return v }

func noBody()
`;

describe('parseGoFile', () => {
  const file = parseGoFile('server/x.go', SOURCE);

  it('reads imports with their local names', () => {
    expect(file.imports.map((i) => [i.name, i.path])).toEqual([
      ['fmt', 'fmt'],
      ['api', 'github.com/mattermost/mattermost/server/public/plugin'],
      ['_', 'embed'],
      ['yaml', 'gopkg.in/yaml.v3'],
      ['pluginapi', 'github.com/mattermost/mattermost-plugin-api'],
      ['os', 'os'],
    ]);
  });

  it('reads struct types in groups and generic ones, with fields, tags and embedded types', () => {
    expect(file.structs.map((s) => s.name)).toEqual(['configuration', 'List']);
    const fields = file.structs[0]?.fields.map((f) => [f.name, f.type, f.embedded, f.tag ?? '']);
    expect(fields).toEqual([
      ['Name', 'string', false, 'json:"name"'],
      ['Other', 'string', false, 'json:"name"'],
      ['Nested', 'struct{A int}', false, ''],
      ['Embedded', '*Embedded', true, ''],
      ['Type', 'ext.Type', true, ''],
    ]);
    expect(file.lines.position(file.structs[0]?.fields[0]?.offset ?? 0)).toEqual({ line: 15, column: 3 });
  });

  it('reads package-level variables', () => {
    expect(file.vars.map((v) => v.name)).toEqual(['cache', 'a', 'b', 'mu']);
  });

  it('reads functions and methods, with receivers and bodies, past struct and interface types', () => {
    expect(file.funcs.map((f) => [f.name, f.receiverType ?? '', f.bodyStart !== -1])).toEqual([
      ['Method', 'Plugin', true],
      ['generic', '', true],
      ['noBody', '', false],
    ]);
    const method = file.funcs[0];
    expect(file.tokens[method?.bodyStart ?? 0]?.text).toBe('{');
    expect(file.tokens[(method?.bodyStart ?? 0) + 1]?.text).toBe('return');
  });

  it('names imports as Go does by default', () => {
    expect(defaultImportName('github.com/mattermost/mattermost-server/v6/plugin')).toBe('plugin');
    expect(defaultImportName('github.com/go-sql-driver/mysql')).toBe('mysql');
    expect(defaultImportName('github.com/pkg/errors/v2')).toBe('errors');
    expect(defaultImportName('math/rand/v2')).toBe('rand');
  });

  it('survives unbalanced brackets', () => {
    expect(() => parseGoFile('x.go', 'func f() {\n if x { (\n')).not.toThrow();
    expect(() => parseGoFile('x.go', '}}})) type T struct { A int')).not.toThrow();
  });
});
