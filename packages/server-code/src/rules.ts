import type { RuleDefinitions } from '@mm-review/core';

/** Every rule the five server-code checks can emit, next to the checks (see RuleDefinition). */

export const SERVER_COMPATIBILITY_RULES: RuleDefinitions = {
  'server-compatibility/no-manifest': {
    severity: 'notice',
    description: 'No plugin manifest, so there is no min_server_version to hold the code to (the check is skipped).',
  },
  'server-compatibility/no-source': {
    severity: 'notice',
    description: 'No Go server code and no webapp source were found (the check is skipped).',
  },
  'server-compatibility/min-server-version-missing': {
    severity: 'error',
    description: 'The manifest sets no min_server_version although the plugin has code.',
    rationale: 'Without it the plugin claims to run on every server, and older servers fail on the APIs it calls.',
    fix: 'Set "min_server_version" to the oldest server the code supports (the finding names the version the code needs).',
  },
  'server-compatibility/min-server-version-invalid': {
    severity: 'notice',
    description: 'min_server_version is not a version, so the code cannot be compared with it (the check is skipped).',
  },
  'server-compatibility/api-too-new': {
    severity: 'error',
    description:
      'The server code calls a plugin API method (directly or through a pluginapi wrapper of the library version go.mod requires) that is newer than min_server_version.',
    rationale: 'On older servers the call fails with an error the plugin rarely expects.',
    fix: 'Raise min_server_version, or call the method only after checking the server version.',
    example: 'p.API.EnsureBotUser(bot) with "min_server_version": "6.2.1" (EnsureBotUser needs 7.1)',
  },
  'server-compatibility/hook-too-new': {
    severity: 'error',
    description: 'The plugin implements a hook that servers older than min_server_version never call.',
    fix: 'Raise min_server_version, or make the feature work without the hook.',
  },
  'server-compatibility/webapp-registry-too-new': {
    severity: 'error',
    description: 'The webapp calls a registry method newer than min_server_version without checking that it exists.',
    rationale: 'On older servers the call throws and the whole webapp plugin fails to initialise.',
    fix: 'Raise min_server_version, or call it only when it exists: `registry.registerX?.(…)` or `if (registry.registerX) {…}`.',
  },
  'server-compatibility/guarded-too-new': {
    severity: 'notice',
    description:
      'A method newer than min_server_version is called only when it exists or behind a version test; a person checks that the plugin still works without it.',
  },
  'server-compatibility/webapp-before-8.0-unverified': {
    severity: 'notice',
    description: 'Webapp registry methods the tables know only from 8.0, for a plugin that claims older servers.',
  },
  'server-compatibility/removed': {
    severity: 'warning',
    description: 'A webapp registry method that newer servers removed is called without checking that it exists.',
  },
  'server-compatibility/unsupported': {
    severity: 'warning',
    description: 'A plugin API method the server no longer supports is called.',
  },
  'server-compatibility/unreadable-source': {
    severity: 'notice',
    description:
      'A source file could not be read (too large, binary, a link outside the plugin); the checks cover the rest.',
  },
  'server-compatibility/source-limit': {
    severity: 'notice',
    description: 'The code is larger than the bounds on what is read; the checks cover what was read.',
  },
};

export const LOGGING_RULES: RuleDefinitions = {
  'logging/no-server-code': { severity: 'notice', description: 'No Go server code was found (the check is skipped).' },
  'logging/no-plugin-logger': {
    severity: 'error',
    description:
      'The server code read never logs through the plugin API, directly, through pluginapi or through a logrus bridge.',
    rationale: 'System Admins only see what reaches the server log; standard output and standard error are not it.',
    fix: 'Log failures with p.API.LogError (or client.Log.Error) and important events with LogInfo.',
  },
  'logging/throwaway-bridge': {
    severity: 'warning',
    description:
      'pluginapi.ConfigureLogrus is given a new logrus.New() logger while the code logs through logrus package-level functions, which that bridge never sees.',
    fix: 'Pass logrus.StandardLogger() to ConfigureLogrus, or log through the logger you configure.',
    example: 'pluginapi.ConfigureLogrus(logrus.New(), client) … logrus.Info("started")',
  },
  'logging/stdout': {
    severity: 'warning',
    description:
      'Plugin code writes to standard output or standard error (fmt.Print*, log.Print*, println, os.Stdout) instead of the server log.',
    fix: 'Log through p.API.LogError / LogWarn / LogInfo / LogDebug.',
  },
  'logging/error-level': {
    severity: 'notice',
    description:
      'A failure with an error value is logged at debug or info level; a person judges whether administrators need to see it.',
  },
  'logging/error-dropped': {
    severity: 'warning',
    description:
      'In a hook, an `if err != nil` block returns without returning, wrapping, logging or reporting the error to the user.',
    fix: 'Log the error, return it, or tell the user (an ephemeral post, a command response, an HTTP error status).',
  },
};

export const SETTINGS_RULES: RuleDefinitions = {
  'settings-in-console/no-server-code': {
    severity: 'notice',
    description: 'No Go server code was found (the check is skipped).',
  },
  'settings-in-console/no-configuration-struct': {
    severity: 'notice',
    description: 'The manifest has settings but no configuration struct was found in the code read.',
  },
  'settings-in-console/field-without-setting': {
    severity: 'notice',
    description:
      'A field of the configuration struct has no setting in the manifest and the code never fills it itself.',
  },
  'settings-in-console/dead-setting': {
    severity: 'warning',
    description:
      'A manifest setting has no field in the configuration struct and no code (server or webapp) names it, so nothing reads it.',
    fix: 'Add the field to the configuration struct, or remove the setting.',
  },
  'settings-in-console/environment': {
    severity: 'notice',
    description:
      'The server reads an environment variable that is not set by the hosting platform; a person decides whether administrators must set it.',
  },
  'settings-in-console/config-file': {
    severity: 'warning',
    description:
      'The server reads its own configuration file (config.json, .env, settings.yaml…) instead of System Console settings.',
    fix: 'Add a setting to settings_schema and read it from the configuration struct.',
  },
  'settings-in-console/config-library': {
    severity: 'warning',
    description:
      'The server imports a library for reading configuration from files or the environment (viper, godotenv, envconfig, env).',
  },
};

export const HIGH_AVAILABILITY_RULES: RuleDefinitions = {
  'high-availability/package-state': {
    severity: 'notice',
    description: 'A package-level map or slice written at run time (not only in init): per-node state in a cluster.',
  },
  'high-availability/local-mutex': {
    severity: 'notice',
    description: 'A sync.Mutex / RWMutex: a lock that holds only inside one server process.',
  },
  'high-availability/background-loop': {
    severity: 'notice',
    description:
      'Background work (tickers, time.AfterFunc, cron libraries, endless loops in goroutines) in a file that does not use pluginapi cluster.Schedule or cluster.NewMutex.',
    fix: "Schedule it with pluginapi's cluster.Schedule, or guard it with cluster.NewMutex, if it must run once per cluster.",
  },
  'high-availability/local-file': {
    severity: 'notice',
    description: "A write to the node's local disk instead of the KV store or the file store.",
  },
};

export const SECURITY_RULES: RuleDefinitions = {
  'security-review/credential-not-secret': {
    severity: 'warning',
    description: 'A text setting whose key names a credential is not marked "secret": true.',
    rationale: 'The System Console shows it in clear and support packets include it.',
    fix: 'Add "secret": true to the setting.',
  },
  'security-review/tls-verify-off': {
    severity: 'warning',
    description:
      'InsecureSkipVerify: true turns off TLS certificate verification (a notice when a setting controls it).',
  },
  'security-review/weak-random': {
    severity: 'notice',
    description: 'math/rand is used where the function names a token, secret, nonce or password.',
  },
  'security-review/sql-concatenation': {
    severity: 'notice',
    description: 'An SQL statement built by concatenation or fmt.Sprintf.',
  },
  'security-review/exec': { severity: 'notice', description: 'os/exec runs a program on the server host.' },
  'security-review/user-header-unchecked': {
    severity: 'notice',
    description:
      'The plugin serves HTTP but no code reads the Mattermost-User-ID header; the hint says when requests are authenticated another way.',
  },
};
