/**
 * The `pluginapi` client wrappers (`client.KV.Set(…)`) and the plugin API methods each
 * one calls, so a wrapper call is held to the same version table as a direct
 * `p.API.X(…)` call. Transcribed by hand from the wrapper bodies in
 * github.com/mattermost/mattermost, server/public/pluginapi/*.go (the package that
 * replaced github.com/mattermost/mattermost-plugin-api; `Client` in client.go lists the
 * services), e.g. `func (k *KVService) Set(…)` calls `k.api.KVSetWithOptions`.
 * Wrappers that only combine other wrappers list every API method they reach. A
 * wrapper missing here is simply not checked; it is never guessed.
 */
export const PLUGINAPI_WRAPPERS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  KV: {
    Set: ['KVSetWithOptions'],
    SetAtomicWithRetries: ['KVGet', 'KVSetWithOptions'],
    Get: ['KVGet'],
    Delete: ['KVSetWithOptions'],
    DeleteAll: ['KVDeleteAll'],
    ListKeys: ['KVList'],
  },
  Post: {
    CreatePost: ['CreatePost'],
    GetPost: ['GetPost'],
    UpdatePost: ['UpdatePost'],
    DeletePost: ['DeletePost'],
    SendEphemeralPost: ['SendEphemeralPost'],
    UpdateEphemeralPost: ['UpdateEphemeralPost'],
    DeleteEphemeralPost: ['DeleteEphemeralPost'],
    GetPostThread: ['GetPostThread'],
    GetPostsSince: ['GetPostsSince'],
    GetPostsAfter: ['GetPostsAfter'],
    GetPostsBefore: ['GetPostsBefore'],
    GetPostsForChannel: ['GetPostsForChannel'],
    SearchPostsInTeam: ['SearchPostsInTeam'],
    AddReaction: ['AddReaction'],
    RemoveReaction: ['RemoveReaction'],
    GetReactions: ['GetReactions'],
    DM: ['GetDirectChannel', 'CreatePost'],
    ShouldProcessMessage: ['GetUser'],
  },
  User: {
    Create: ['CreateUser'],
    Delete: ['DeleteUser'],
    Get: ['GetUser'],
    GetByEmail: ['GetUserByEmail'],
    GetByUsername: ['GetUserByUsername'],
    GetByUsernames: ['GetUsersByUsernames'],
    GetByIds: ['GetUsersByIds'],
    List: ['GetUsers'],
    ListByUsernames: ['GetUsersByUsernames'],
    ListInChannel: ['GetUsersInChannel'],
    ListInTeam: ['GetUsersInTeam'],
    Search: ['SearchUsers'],
    Update: ['UpdateUser'],
    UpdateActive: ['UpdateUserActive'],
    GetStatus: ['GetUserStatus'],
    ListStatusesByIDs: ['GetUserStatusesByIds'],
    UpdateStatus: ['UpdateUserStatus'],
    UpdateCustomStatus: ['UpdateUserCustomStatus'],
    RemoveCustomStatus: ['RemoveUserCustomStatus'],
    GetProfileImage: ['GetProfileImage'],
    SetProfileImage: ['SetProfileImage'],
    HasPermissionTo: ['HasPermissionTo'],
    HasPermissionToTeam: ['HasPermissionToTeam'],
    HasPermissionToChannel: ['HasPermissionToChannel'],
    RolesGrantPermission: ['RolesGrantPermission'],
    GetLDAPAttributes: ['GetLDAPUserAttributes'],
    CreateAccessToken: ['CreateUserAccessToken'],
    RevokeAccessToken: ['RevokeUserAccessToken'],
    UpdateRoles: ['UpdateUserRoles'],
  },
  Channel: {
    Get: ['GetChannel'],
    GetByName: ['GetChannelByName'],
    GetByNameForTeamName: ['GetChannelByNameForTeamName'],
    GetDirect: ['GetDirectChannel'],
    GetGroup: ['GetGroupChannel'],
    Create: ['CreateChannel'],
    Update: ['UpdateChannel'],
    Delete: ['DeleteChannel'],
    Restore: ['RestoreChannel'],
    Search: ['SearchChannels'],
    ListForTeamForUser: ['GetChannelsForTeamForUser'],
    ListPublicChannelsForTeam: ['GetPublicChannelsForTeam'],
    GetChannelStats: ['GetChannelStats'],
    AddMember: ['AddChannelMember'],
    AddUser: ['AddUserToChannel'],
    GetMember: ['GetChannelMember'],
    ListMembers: ['GetChannelMembers'],
    ListMembersByIDs: ['GetChannelMembersByIds'],
    ListMembersForUser: ['GetChannelMembersForUser'],
    UpdateChannelMemberRoles: ['UpdateChannelMemberRoles'],
    UpdateChannelMemberNotifications: ['UpdateChannelMemberNotifications'],
    DeleteMember: ['DeleteChannelMember'],
    CreateSidebarCategory: ['CreateChannelSidebarCategory'],
    GetSidebarCategories: ['GetChannelSidebarCategories'],
    UpdateSidebarCategories: ['UpdateChannelSidebarCategories'],
  },
  Team: {
    Get: ['GetTeam'],
    GetByName: ['GetTeamByName'],
    List: ['GetTeams', 'GetTeamsForUser'],
    Search: ['SearchTeams'],
    Create: ['CreateTeam'],
    Update: ['UpdateTeam'],
    Delete: ['DeleteTeam'],
    GetMember: ['GetTeamMember'],
    ListMembers: ['GetTeamMembers'],
    ListMembersForUser: ['GetTeamMembersForUser'],
    CreateMember: ['CreateTeamMember'],
    CreateMembers: ['CreateTeamMembers'],
    CreateMembersGracefully: ['CreateTeamMembersGracefully'],
    DeleteMember: ['DeleteTeamMember'],
    UpdateMemberRoles: ['UpdateTeamMemberRoles'],
    GetIcon: ['GetTeamIcon'],
    SetIcon: ['SetTeamIcon'],
    DeleteIcon: ['RemoveTeamIcon'],
    ListUnreadForUser: ['GetTeamsUnreadForUser'],
    GetStats: ['GetTeamStats'],
  },
  File: {
    Get: ['GetFile'],
    GetByPath: ['ReadFile'],
    GetInfo: ['GetFileInfo'],
    GetInfos: ['GetFileInfos'],
    GetLink: ['GetFileLink'],
    Upload: ['UploadFile'],
    CopyInfos: ['CopyFileInfos'],
    SetSearchableContent: ['SetFileSearchableContent'],
  },
  Emoji: {
    Get: ['GetEmoji'],
    GetByName: ['GetEmojiByName'],
    GetImage: ['GetEmojiImage'],
    List: ['GetEmojiList'],
  },
  Bot: {
    Get: ['GetBot'],
    List: ['GetBots'],
    Create: ['CreateBot'],
    Patch: ['PatchBot'],
    UpdateActive: ['UpdateBotActive'],
    DeletePermanently: ['PermanentDeleteBot'],
    EnsureBot: ['EnsureBotUser'],
  },
  Configuration: {
    GetConfig: ['GetConfig'],
    GetUnsanitizedConfig: ['GetUnsanitizedConfig'],
    SaveConfig: ['SaveConfig'],
    GetPluginConfig: ['GetPluginConfig'],
    SavePluginConfig: ['SavePluginConfig'],
    LoadPluginConfiguration: ['LoadPluginConfiguration'],
  },
  SlashCommand: {
    Register: ['RegisterCommand'],
    Unregister: ['UnregisterCommand'],
    Execute: ['ExecuteSlashCommand'],
    Create: ['CreateCommand'],
    List: ['ListCommands'],
    ListCustom: ['ListCustomCommands'],
    ListPlugin: ['ListPluginCommands'],
    ListBuiltIn: ['ListBuiltInCommands'],
    Get: ['GetCommand'],
    Update: ['UpdateCommand'],
    Delete: ['DeleteCommand'],
  },
  OAuth: {
    Create: ['CreateOAuthApp'],
    Get: ['GetOAuthApp'],
    Update: ['UpdateOAuthApp'],
    Delete: ['DeleteOAuthApp'],
  },
  Frontend: {
    OpenInteractiveDialog: ['OpenInteractiveDialog'],
    PublishWebSocketEvent: ['PublishWebSocketEvent'],
    SendToastMessage: ['SendToastMessage'],
  },
  Group: {
    Get: ['GetGroup'],
    GetByName: ['GetGroupByName'],
    GetMemberUsers: ['GetGroupMemberUsers'],
    GetBySource: ['GetGroupsBySource'],
    ListForUser: ['GetGroupsForUser'],
  },
  Log: {
    Error: ['LogError'],
    Warn: ['LogWarn'],
    Info: ['LogInfo'],
    Debug: ['LogDebug'],
  },
  Mail: {
    Send: ['SendMail'],
  },
  Plugin: {
    List: ['GetPlugins'],
    Install: ['InstallPlugin'],
    Enable: ['EnablePlugin'],
    Disable: ['DisablePlugin'],
    Remove: ['RemovePlugin'],
    GetPluginStatus: ['GetPluginStatus'],
  },
  Session: {
    Get: ['GetSession'],
    Create: ['CreateSession'],
    ExtendExpiry: ['ExtendSessionExpiry'],
    Revoke: ['RevokeSession'],
  },
  System: {
    GetLicense: ['GetLicense'],
    GetServerVersion: ['GetServerVersion'],
    GetSystemInstallDate: ['GetSystemInstallDate'],
    GetDiagnosticID: ['GetDiagnosticId'],
    GetTelemetryID: ['GetTelemetryId'],
    IsEnterpriseReady: ['IsEnterpriseReady'],
    GetBundlePath: ['GetBundlePath'],
    RequestTrialLicense: ['RequestTrialLicense'],
    GetCloudLimits: ['GetCloudLimits'],
    GetPreferencesForUser: ['GetPreferencesForUser'],
    UpdatePreferencesForUser: ['UpdatePreferencesForUser'],
    DeletePreferencesForUser: ['DeletePreferencesForUser'],
  },
  Cluster: {
    PublishPluginEvent: ['PublishPluginClusterEvent'],
  },
};

/** One pluginapi library and the wrapper bodies it compiles to, with where the rows came from. */
export interface WrapperLibrary {
  /** The Go module the plugin requires in go.mod. */
  module: string;
  /** The versions of that module the rows hold for, as a human reads them. */
  versions: string;
  /** Where the rows come from. */
  basis: string;
  /** Whether a given required version is covered by `wrappers`. */
  covers(version: string | undefined): boolean;
  wrappers: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export const SERVER_PUBLIC_PLUGINAPI = 'github.com/mattermost/mattermost/server/public';
export const LEGACY_PLUGINAPI = 'github.com/mattermost/mattermost-plugin-api';

/** `v0.0.27` → [0, 0, 27]. */
function semverParts(version: string | undefined): [number, number, number] | undefined {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/**
 * mattermost-plugin-api before v0.1.0: only the one-to-one rows (a wrapper calling one API
 * method of its own name, unchanged when the package moved into the server repository in
 * 2023) are kept, plus the rows read from that library's own sources. Rows whose body is not
 * established for these versions are left out, so those wrappers are not checked rather
 * than checked against the wrong body.
 */
const LEGACY_ROWS: Record<string, Record<string, readonly string[]>> = {
  // bot.go in v0.0.22 and v0.0.27: EnsureBot reads the bot id from KVGet, then PatchBot or
  // GetUserByUsername + CreateBot and KVSet (all present by 5.10); not EnsureBotUser (7.1).
  Bot: { EnsureBot: ['KVGet', 'PatchBot', 'GetUserByUsername', 'KVSet', 'CreateBot'] },
};

function legacyWrappers(): Record<string, Record<string, readonly string[]>> {
  const out: Record<string, Record<string, readonly string[]>> = {};
  for (const [service, methods] of Object.entries(PLUGINAPI_WRAPPERS)) {
    for (const [name, calls] of Object.entries(methods)) {
      if (calls.length !== 1) continue;
      (out[service] ??= {})[name] = calls;
    }
  }
  for (const [service, methods] of Object.entries(LEGACY_ROWS)) Object.assign((out[service] ??= {}), methods);
  return out;
}

export const WRAPPER_LIBRARIES: readonly WrapperLibrary[] = [
  {
    module: SERVER_PUBLIC_PLUGINAPI,
    versions: 'every version (server/public/pluginapi)',
    basis: 'the wrapper bodies in github.com/mattermost/mattermost server/public/pluginapi/*.go',
    covers: () => true,
    wrappers: PLUGINAPI_WRAPPERS,
  },
  {
    module: LEGACY_PLUGINAPI,
    versions: 'v0.0.x',
    basis:
      'mattermost-plugin-api v0.0.22 and v0.0.27 (bot.go) for Bot.EnsureBot; one-to-one wrappers as in server/public/pluginapi',
    covers: (version) => {
      const parts = semverParts(version);
      return parts !== undefined && parts[0] === 0 && parts[1] === 0;
    },
    wrappers: legacyWrappers(),
  },
];

/**
 * The API methods a wrapper call reaches for the library the code imports at the version
 * go.mod requires; undefined when that library version's body is not established.
 */
export function wrapperMethods(
  importPath: string,
  version: string | undefined,
  service: string,
  method: string,
): readonly string[] | undefined {
  const library = WRAPPER_LIBRARIES.find((lib) => importPath === lib.module || importPath.startsWith(`${lib.module}/`));
  if (!library || !library.covers(version)) return undefined;
  return library.wrappers[service]?.[method];
}
