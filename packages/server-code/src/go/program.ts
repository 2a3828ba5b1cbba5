import type { GoToken } from '../lex/go';
import { API_TABLE, HOOK_TABLE, lookup } from '../tables';
import { WRAPPER_LIBRARIES, wrapperMethods } from '../tables/pluginapi';
import { importNames, type GoFile, type GoFunc } from './parse';

/**
 * What the server code does with the plugin API, across all its files: which API
 * methods it calls (directly or through `pluginapi` wrappers) and which hooks its
 * plugin type implements.
 */
export interface ApiCall {
  file: GoFile;
  /** Token index of the method name. */
  index: number;
  offset: number;
  /** As written, e.g. `p.API.KVSet` or `client.KV.Set`. */
  written: string;
  /** The plugin API methods this call reaches. */
  methods: readonly string[];
  /** For a pluginapi wrapper: the library and version its body was taken from (`github.com/mattermost/mattermost-plugin-api v0.0.27`). */
  library?: string;
}

export interface HookImpl {
  file: GoFile;
  func: GoFunc;
}

export interface ServerProgram {
  files: readonly GoFile[];
  /** Names of the struct types that are the plugin (embed plugin.MattermostPlugin or go to ClientMain). */
  pluginTypes: ReadonlySet<string>;
  calls: ApiCall[];
  hooks: HookImpl[];
}

export function isPluginPackage(path: string): boolean {
  return /^github\.com\/mattermost\/mattermost(-server(\/v\d+)?|\/server\/public)\/plugin$/.test(path);
}

export function isPluginApiPackage(path: string): boolean {
  return /^github\.com\/mattermost\/(mattermost-plugin-api|mattermost\/server\/public\/pluginapi)(\/v\d+)?$/.test(path);
}

/**
 * `requires`: the module versions go.mod requires, so a pluginapi wrapper is read with the
 * body of the library version the plugin compiles against.
 */
export function analyzeServer(
  files: readonly GoFile[],
  requires: Readonly<Record<string, string>> = {},
): ServerProgram {
  const apiValues = new Set<string>();
  const clients = new Map<string, string>();
  const pluginTypes = new Set<string>();
  const logServices = new Set<string>();
  for (const file of files) collectNames(file, apiValues, clients, pluginTypes, logServices);
  const calls = files.flatMap((file) => findCalls(file, apiValues, clients, requires, logServices));
  const hooks: HookImpl[] = [];
  for (const file of files) {
    for (const func of file.funcs) {
      if (
        func.receiverType &&
        pluginTypes.has(func.receiverType) &&
        func.name !== 'Implemented' &&
        lookup(HOOK_TABLE, func.name)
      )
        hooks.push({ file, func });
    }
  }
  return { files, pluginTypes, calls, hooks };
}

/**
 * Names that hold a plugin API (`api plugin.API`, `api := p.API`) or a pluginapi client
 * (`client *pluginapi.Client`, `p.client = pluginapi.NewClient(…)`), wherever declared;
 * and the plugin types.
 */
function collectNames(
  file: GoFile,
  apiValues: Set<string>,
  clients: Map<string, string>,
  pluginTypes: Set<string>,
  logServices: Set<string>,
): void {
  const pluginPkg = importNames(file, isPluginPackage);
  const clientPkg = new Map(
    file.imports.filter((imp) => isPluginApiPackage(imp.path)).map((imp) => [imp.name, imp.path]),
  );
  const { tokens } = file;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const token = tokens[i] as GoToken;
    if (token.kind !== 'ident' || tokens[i + 1]?.text !== '.') continue;
    const selected = tokens[i + 2]?.text;
    const declared = declaredName(tokens, i);
    if (pluginPkg.has(token.text) && selected === 'API' && declared) apiValues.add(declared);
    if (clientPkg.has(token.text) && (selected === 'Client' || selected === 'NewClient') && declared)
      clients.set(declared, clientPkg.get(token.text) as string);
    // `log pluginapi.LogService` / `logger *pluginapi.LogService`: the client's Log service held on its own.
    if (clientPkg.has(token.text) && selected === 'LogService' && declared) logServices.add(declared);
    if (pluginPkg.has(token.text) && selected === 'ClientMain') {
      const type = tokens.slice(i + 3, i + 8).find((t) => t.kind === 'ident');
      if (type) pluginTypes.add(type.text);
    }
    if (
      selected === 'API' &&
      tokens[i - 1]?.text !== '.' &&
      (tokens[i + 3]?.kind === 'semi' || tokens[i + 3]?.text === ',' || tokens[i + 3]?.text === ')')
    ) {
      // `api := p.API`: a local alias of the plugin's API field.
      const assigned = tokens[i - 1]?.text === ':=' || tokens[i - 1]?.text === '=' ? tokens[i - 2] : undefined;
      if (assigned?.kind === 'ident') apiValues.add(assigned.text);
    }
  }
  for (const struct of file.structs) {
    if (struct.fields.some((f) => f.embedded && /(^|\.)MattermostPlugin$/.test(f.type.replace(/^\*/, ''))))
      pluginTypes.add(struct.name);
  }
}

/** The name declared or assigned by `name T`, `name *T`, `name := pkg.F(`, `x.name = pkg.F(` ending at `pkg` (index i). */
function declaredName(tokens: readonly GoToken[], i: number): string | undefined {
  let j = i - 1;
  if (tokens[j]?.text === '*') j--;
  if (tokens[j]?.text === ':=' || tokens[j]?.text === '=') j--;
  const name = tokens[j];
  return name?.kind === 'ident' ? name.text : undefined;
}

function findCalls(
  file: GoFile,
  apiValues: ReadonlySet<string>,
  clients: ReadonlyMap<string, string>,
  requires: Readonly<Record<string, string>>,
  logServices: ReadonlySet<string> = new Set(),
): ApiCall[] {
  const pluginPkg = importNames(file, isPluginPackage);
  const { tokens } = file;
  const calls: ApiCall[] = [];
  for (let i = 0; i + 3 < tokens.length; i++) {
    const receiver = tokens[i] as GoToken;
    const method = tokens[i + 2] as GoToken;
    if (
      receiver.kind !== 'ident' ||
      tokens[i + 1]?.text !== '.' ||
      method.kind !== 'ident' ||
      tokens[i + 3]?.text !== '('
    )
      continue;
    const chained = tokens[i - 1]?.text === '.';
    const viaField = receiver.text === 'API' && chained && !pluginPkg.has(tokens[i - 2]?.text ?? '');
    if (
      (viaField || (apiValues.has(receiver.text) && !pluginPkg.has(receiver.text))) &&
      lookup(API_TABLE, method.text)
    ) {
      calls.push(call(file, i, [method.text], chained));
      continue;
    }
    if (logServices.has(receiver.text) && /^(Error|Warn|Info|Debug)$/.test(method.text)) {
      calls.push(call(file, i, [`Log${method.text}`], chained));
      continue;
    }
    const owner = chained ? tokens[i - 2] : undefined;
    const library = owner?.kind === 'ident' ? clients.get(owner.text) : undefined;
    if (!library || !owner) continue;
    const module = WRAPPER_LIBRARIES.find(
      (lib) => library === lib.module || library.startsWith(`${lib.module}/`),
    )?.module;
    const version = module ? requires[module] : undefined;
    const wrapped = wrapperMethods(library, version, receiver.text, method.text);
    if (wrapped)
      calls.push({
        ...call(file, i, wrapped, true, owner.text),
        library: `${module ?? library}${version ? ` ${version}` : ''}`,
      });
  }
  return calls;
}

function call(file: GoFile, i: number, methods: readonly string[], chained: boolean, owner?: string): ApiCall {
  const tokens = file.tokens;
  const receiver = tokens[i] as GoToken;
  const method = tokens[i + 2] as GoToken;
  const head = owner ?? (chained && tokens[i - 2]?.kind === 'ident' ? tokens[i - 2]?.text : undefined);
  const written = `${head ? `${head}.` : ''}${receiver.text}.${method.text}`;
  return { file, index: i + 2, offset: method.offset, written, methods };
}
