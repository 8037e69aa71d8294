/**
 * The commands of `openrouter-byok`, built with `effect/cli`: their flags, their help with
 * examples, and what each does with the `OpenRouterByok` service.
 */
import * as Argument from "effect/cli/Argument"
import * as Command from "effect/cli/Command"
import * as Completions from "effect/cli/Completions"
import * as Flag from "effect/cli/Flag"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { ByokKey } from "effect4-openrouter-byok"
import { OpenRouterByok } from "effect4-openrouter-byok"
import * as Audit from "./audit.js"
import { UsageError } from "./commandErrors.js"
import * as Connection from "./connection.js"
import * as CredentialFormats from "./credentialFormats.js"
import * as CredentialId from "./credentialId.js"
import * as Deadline from "./deadline.js"
import { printable, printableJson } from "./printable.js"
import * as Progress from "./progress.js"
import * as UserInput from "./userInput.js"

/** The name the tool is installed under. */
export const executableName = "openrouter-byok"

/** The examples `--help` shows: whole command lines, as typed (a pipeline names the tool where it runs). */
const withExamples = (examples: ReadonlyArray<string>) =>
  Command.withExamples(examples.map((example) => ({ command: `$ ${example}` })))

/** A flag that is off unless given (no `--no-` form: `--no-fallback` is a flag of its own). */
const switchFlag = (name: string, description: string) =>
  Flag.Boolean(name).pipe(Flag.withDescription(description), Flag.withDefault(false), Flag.withoutNegation)

// ---------------------------------------------------------------------------------------------
// Flags shared by the commands
// ---------------------------------------------------------------------------------------------

const mock = switchFlag(
  "mock",
  "Run against the embedded mock server with seeded credentials (no key, no network)"
)

const apiUrl = Flag.String("api-url").pipe(
  Flag.withDescription("The API's base URL (default: OPENROUTER_API_URL, else https://openrouter.ai/api/v1)"),
  Flag.withMetavar("url"),
  Flag.optional
)

const timeout = Flag.String("timeout").pipe(
  Flag.withDescription(
    "How long each attempt may take, from sending to the last byte of the answer, e.g. 500ms, 10s, 2m; " +
      "a bare number is seconds (default 30s). An attempt that times out is retried (except by create, " +
      "which may have created the credential); when none is left, the command stops with exit 5."
  ),
  Flag.withMetavar("duration"),
  Flag.optional
)

const deadline = Flag.String("deadline").pipe(
  Flag.withDescription(
    "How long the command may wait on the API in all, every attempt, retry and wait between them included " +
      `(default ${Connection.defaultDeadline}); past it, the command stops with exit 5. Time at a prompt is not counted.`
  ),
  Flag.withMetavar("duration"),
  Flag.optional
)

const workspace = (description: string) =>
  Flag.String("workspace").pipe(Flag.withDescription(description), Flag.withMetavar("id"), Flag.optional)

const singleFormat = Flag.Literals("format", CredentialFormats.singleFormats).pipe(
  Flag.withDescription("table (readable) or json"),
  Flag.withDefault("table" as const)
)

const idArgument = Argument.String("id").pipe(
  Argument.withDescription(
    "The credential's id (a UUID), or the start of it as the table shows it (at least 4 characters); " +
      "anything else is refused before a request is sent"
  )
)

// ---------------------------------------------------------------------------------------------
// The root command and the connection
// ---------------------------------------------------------------------------------------------

/** Accepted before the command (`openrouter-byok --mock list`) and after it (`openrouter-byok list --mock`). */
const root = Command.make(executableName).pipe(
  Command.withSharedFlags({ mock, apiUrl, timeout, deadline }),
  Command.withDescription(
    "Audit and manage OpenRouter BYOK (bring-your-own-key) provider credentials. " +
      "The management key is read from OPENROUTER_API_KEY. Data goes to standard output, everything else to " +
      "standard error. Exit codes: 0 success, 1 a bug of the tool, 2 usage or bad input, 3 authentication or " +
      "permission, 4 not found, 5 server or network failure (after the retries, where the request is retried) or " +
      "the --deadline passed, " +
      "6 an answer that does not match " +
      "the API, 130 stopped by Ctrl-C, 141 standard output closed early, 143 stopped by SIGTERM. " +
      `Shell completions: ${executableName} completion bash|zsh|fish.`
  ),
  withExamples([
    "openrouter-byok --mock list",
    "openrouter-byok --mock audit",
    "openrouter-byok list --format csv > credentials.csv"
  ])
)

/** Runs a command's work on the client the shared connection flags name. */
const withClient = <A, E, R>(work: Effect.Effect<A, E, R>) =>
  Effect.flatMap(root, (connection) => Effect.provide(work, Connection.layer(connection)))

/** `{ [field]: value }` when the flag was given, `{}` when not: a field left out is not sent. */
const given = <const Field extends string, A>(field: Field, value: Option.Option<A>): { readonly [K in Field]?: A } =>
  Option.match(value, {
    onNone: () => ({}),
    onSome: (present) => ({ [field]: present }) as { readonly [K in Field]: A }
  })

/** Writes `lines` to standard output, each ended by `lineEnd` (Console.log adds the last `\n`). */
const writeLines = (lines: ReadonlyArray<string>, lineEnd: CredentialFormats.LineEnd = "\n") =>
  lines.length === 0 ? Effect.void : Console.log(lines.join(lineEnd) + lineEnd.slice(0, -1))

const writeCredential = (key: ByokKey.ByokKey, format: CredentialFormats.SingleFormat) =>
  writeLines(format === "json" ? [printableJson(key, 2)] : CredentialFormats.detailLines(key))

// ---------------------------------------------------------------------------------------------
// list
// ---------------------------------------------------------------------------------------------

const list = Command.make(
  "list",
  {
    workspace: workspace(
      "Only this workspace (default: the account's default workspace); global credentials are listed in every workspace"
    ),
    provider: Flag.String("provider").pipe(
      Flag.withDescription("Only this provider (e.g. openai)"),
      Flag.withMetavar("slug"),
      Flag.optional
    ),
    disabled: switchFlag("disabled", "Only disabled credentials"),
    enabled: switchFlag("enabled", "Only enabled credentials"),
    fallback: switchFlag("fallback", "Only fallback credentials"),
    format: Flag.Literals("format", CredentialFormats.listFormats).pipe(
      Flag.withDescription(
        `table (80 columns), json (one array), ndjson (a credential per line, as pages arrive) or csv. ${CredentialFormats.tableLegend}`
      ),
      Flag.withDefault("table" as const)
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDescription("Page requests in flight at once (1 to 64)"),
      Flag.withDefault(4)
    )
  },
  (options) =>
    Effect.gen(function*() {
      if (options.disabled && options.enabled) {
        return yield* new UsageError({ message: "--disabled and --enabled exclude each other: give one of them" })
      }
      const wanted = (key: ByokKey.ByokKey) =>
        (!options.disabled || key.disabled) && (!options.enabled || !key.disabled) &&
        (!options.fallback || key.isFallback)
      const writer = CredentialFormats.listWriters[options.format]
      const progress = yield* Progress.make
      const opened = yield* Ref.make(false)
      yield* Deadline.within(
        OpenRouterByok.list({
          ...given("workspaceId", options.workspace),
          ...given("provider", options.provider),
          concurrency: options.concurrency
        }).pipe(
          Stream.zipWithIndex,
          Stream.runFoldEffect(() => 0, (written, [page, pageIndex]) => {
            const keys = page.data.filter(wanted)
            // The header waits for the first page, so a listing that fails at once writes nothing to stdout.
            const opening = pageIndex === 0 ? writer.opening : []
            return progress.clear.pipe(
              Effect.andThen(
                writeLines([...opening, ...keys.map((key, index) => writer.line(key, written + index))], writer.lineEnd)
              ),
              Effect.andThen(Ref.set(opened, true)),
              Effect.andThen(progress.pageDone(page)),
              Effect.as(written + keys.length)
            )
          }),
          Effect.ensuring(progress.clear)
        )
      ).pipe(
        // A listing that fails or is stopped midway still closes what it opened, so json stays one document.
        Effect.onError(() => Effect.when(writeLines(writer.closing, writer.lineEnd), Ref.get(opened)))
      )
      yield* writeLines(writer.closing, writer.lineEnd)
    }).pipe(withClient)
).pipe(
  Command.withDescription("Stream the credentials, page by page, as a table, JSON, NDJSON or CSV."),
  withExamples([
    "openrouter-byok --mock list",
    "openrouter-byok --mock list --provider openai --disabled",
    "openrouter-byok list --workspace 7c9e6679-7425-40de-944b-e07fc1f90ae7 --format ndjson | jq .name"
  ])
)

// ---------------------------------------------------------------------------------------------
// get
// ---------------------------------------------------------------------------------------------

const get = Command.make(
  "get",
  {
    id: idArgument,
    workspace: workspace("Where to look up an id prefix (default: the default workspace)"),
    format: singleFormat
  },
  (options) =>
    CredentialId.resolve(options.id, options.workspace).pipe(
      Effect.flatMap(OpenRouterByok.get),
      Effect.flatMap((key) => writeCredential(key, options.format)),
      Deadline.within,
      withClient
    )
).pipe(
  Command.withDescription("Show one credential, every field."),
  withExamples([
    "openrouter-byok --mock get f49b6f77",
    "openrouter-byok get 3f1c2d4e-... --format json"
  ])
)

// ---------------------------------------------------------------------------------------------
// audit
// ---------------------------------------------------------------------------------------------

const audit = Command.make(
  "audit",
  {
    workspace: workspace("Audit this workspace (default: the account's default workspace)"),
    format: singleFormat
  },
  (options) =>
    Effect.gen(function*() {
      const progress = yield* Progress.make
      const summary = yield* OpenRouterByok.list({
        ...given("workspaceId", options.workspace),
        concurrency: 4
      }).pipe(
        Stream.tap(progress.pageDone),
        Stream.runFold(() => Audit.emptyAudit, (summary, page) => page.data.reduce(Audit.addToAudit, summary)),
        Effect.ensuring(progress.clear),
        Deadline.within
      )
      yield* writeLines(
        options.format === "json" ? [printableJson(Audit.auditJson(summary), 2)] : Audit.auditLines(summary)
      )
    }).pipe(withClient)
).pipe(
  Command.withDescription(
    "Count the credentials per provider and per workspace; the disabled, fallback, global and unrestricted " +
      "(no allowlist) ones; and the providers whose every enabled credential is a fallback."
  ),
  withExamples([
    "openrouter-byok --mock audit",
    "openrouter-byok audit --workspace 7c9e6679-7425-40de-944b-e07fc1f90ae7 --format json"
  ])
)

// ---------------------------------------------------------------------------------------------
// create, update, delete
// ---------------------------------------------------------------------------------------------

const name = Flag.String("name").pipe(Flag.withDescription("A human-readable name"), Flag.optional)

const allowedModels = Flag.String("allowed-model").pipe(
  Flag.withDescription("A model slug the credential may be used for (repeat the flag for several)"),
  Flag.withMetavar("slug"),
  Flag.atLeast(0)
)

const declaredRegion = Flag.String("declared-region").pipe(
  Flag.withDescription("Where the upstream account keeps data: global, europe, us, or another region the API names"),
  Flag.withMetavar("region"),
  Flag.optional
)

const create = Command.make(
  "create",
  {
    provider: Flag.String("provider").pipe(
      Flag.withDescription("The provider slug (e.g. openai, anthropic)"),
      Flag.withMetavar("slug")
    ),
    keyStdin: switchFlag(
      "key-stdin",
      "Read the raw provider key from standard input (required: a key is never an argument)"
    ),
    name,
    workspace: workspace("Scope the credential to this workspace (default: the default workspace)"),
    allowedModels,
    fallback: switchFlag("fallback", "Make it a fallback credential"),
    disabled: switchFlag("disabled", "Create it disabled"),
    declaredRegion,
    format: singleFormat
  },
  (options) =>
    Effect.gen(function*() {
      if (!options.keyStdin) {
        return yield* new UsageError({
          message: "create needs the provider key on standard input: pass --key-stdin and pipe the key in"
        })
      }
      const key = yield* UserInput.readProviderKey
      const input: ByokKey.CreateByokKeyInput = {
        provider: options.provider,
        key,
        ...given("name", options.name),
        ...given("workspaceId", options.workspace),
        ...(options.allowedModels.length > 0 ? { allowedModels: options.allowedModels } : {}),
        ...(options.fallback ? { isFallback: true } : {}),
        ...(options.disabled ? { disabled: true } : {}),
        ...given("declaredRegion", options.declaredRegion)
      }
      // The key was read first: the time its prompt waits for the user is not the API's.
      yield* writeCredential(yield* Deadline.within(OpenRouterByok.create(input)), options.format)
    }).pipe(withClient)
).pipe(
  Command.withDescription(
    "Create a credential. The raw key is read from standard input, never from an argument, and never shown."
  ),
  withExamples([
    "openrouter-byok create --provider openai --name Production --key-stdin < openai.key",
    "pass show openai | openrouter-byok create --provider openai --allowed-model openai/gpt-4o --key-stdin"
  ])
)

const update = Command.make(
  "update",
  {
    id: idArgument,
    workspace: workspace("Where to look up an id prefix (default: the default workspace)"),
    name,
    clearName: switchFlag("clear-name", "Remove the name"),
    disable: switchFlag("disable", "Disable the credential"),
    enable: switchFlag("enable", "Enable the credential"),
    fallback: switchFlag("fallback", "Make it a fallback credential"),
    primary: switchFlag("no-fallback", "Make it a non-fallback credential"),
    allowedModels,
    allowAllModels: switchFlag("allow-all-models", "Remove the model allowlist"),
    declaredRegion,
    clearDeclaredRegion: switchFlag("clear-declared-region", "Remove the declared region"),
    rotateKeyStdin: switchFlag(
      "rotate-key-stdin",
      "Replace the provider key with the one on standard input (the id stays)"
    ),
    format: singleFormat
  },
  (options) =>
    Effect.gen(function*() {
      const exclusive: ReadonlyArray<readonly [boolean, boolean, string]> = [
        [options.disable, options.enable, "--disable and --enable"],
        [options.fallback, options.primary, "--fallback and --no-fallback"],
        [Option.isSome(options.name), options.clearName, "--name and --clear-name"],
        [options.allowedModels.length > 0, options.allowAllModels, "--allowed-model and --allow-all-models"],
        [
          Option.isSome(options.declaredRegion),
          options.clearDeclaredRegion,
          "--declared-region and --clear-declared-region"
        ]
      ]
      for (const [one, other, flags] of exclusive) {
        if (one && other) return yield* new UsageError({ message: `${flags} exclude each other: give one of them` })
      }
      // Before a new key is read (at a prompt, on a terminal) for a credential no id could name.
      yield* CredentialId.check(options.id)
      const patch: ByokKey.UpdateByokKeyPatch = {
        ...(options.rotateKeyStdin ? { key: yield* UserInput.readProviderKey } : {}),
        ...Option.match(options.name, {
          onNone: () => (options.clearName ? { name: null } : {}),
          onSome: (name) => ({ name })
        }),
        ...(options.disable ? { disabled: true } : options.enable ? { disabled: false } : {}),
        ...(options.fallback ? { isFallback: true } : options.primary ? { isFallback: false } : {}),
        ...(options.allowedModels.length > 0
          ? { allowedModels: options.allowedModels }
          : options.allowAllModels
          ? { allowedModels: null }
          : {}),
        ...Option.match(options.declaredRegion, {
          onNone: () => (options.clearDeclaredRegion ? { declaredRegion: null } : {}),
          onSome: (declaredRegion) => ({ declaredRegion })
        })
      }
      if (Object.keys(patch).length === 0) {
        return yield* new UsageError({ message: "Nothing to update: give at least one change (see update --help)" })
      }
      const updated = yield* Deadline.within(
        Effect.flatMap(CredentialId.resolve(options.id, options.workspace), (id) => OpenRouterByok.update(id, patch))
      )
      yield* writeCredential(updated, options.format)
    }).pipe(withClient)
).pipe(
  Command.withDescription("Change a credential; what is not named stays as it is."),
  withExamples([
    "openrouter-byok update 3f1c2d4e --disable",
    "openrouter-byok update 3f1c2d4e --rotate-key-stdin < new-openai.key",
    "openrouter-byok update 3f1c2d4e --allowed-model openai/gpt-4o --allowed-model openai/o3"
  ])
)

const del = Command.make(
  "delete",
  {
    id: idArgument,
    workspace: workspace("Where to look up an id prefix (default: the default workspace)"),
    yes: switchFlag("yes", "Delete without asking").pipe(Flag.withAlias("y"))
  },
  (options) =>
    Effect.gen(function*() {
      if (!options.yes && !UserInput.isInteractive()) {
        return yield* new UsageError({
          message: "Refusing to delete without confirmation: run it on a terminal to be asked, or pass --yes"
        })
      }
      const id = yield* Deadline.within(CredentialId.resolve(options.id, options.workspace))
      if (!options.yes) {
        const key = yield* Deadline.within(OpenRouterByok.get(id))
        const confirmed = yield* UserInput.confirm(
          printable(`Delete ${key.provider} credential ${key.id} (${key.label}${key.name ? `, ${key.name}` : ""})?`)
        )
        if (!confirmed) return yield* Console.error("Nothing deleted.")
      }
      yield* Deadline.within(OpenRouterByok.del(id))
      yield* Console.error(printable(`Deleted ${id}.`))
    }).pipe(withClient)
).pipe(
  Command.withDescription("Delete a credential. Asks first on a terminal; without one, refuses unless --yes."),
  withExamples([
    "openrouter-byok delete 3f1c2d4e",
    "openrouter-byok delete 3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f --yes"
  ])
)

// ---------------------------------------------------------------------------------------------
// completion
// ---------------------------------------------------------------------------------------------

/** The shells `completion` writes a script for. */
export const completionShells = ["bash", "zsh", "fish"] as const

const completion = Command.make(
  "completion",
  {
    shell: Argument.Literals("shell", completionShells).pipe(Argument.withDescription("bash, zsh or fish"))
  },
  ({ shell }): Effect.Effect<void> =>
    Console.log(Completions.generate(executableName, shell, Completions.fromCommand(command)))
).pipe(
  Command.withDescription(
    "Print the shell's completion script for openrouter-byok, its commands and their flags."
  ),
  withExamples([
    "openrouter-byok completion bash > ~/.local/share/bash-completion/completions/openrouter-byok",
    "openrouter-byok completion zsh > \"${fpath[1]}/_openrouter-byok\"",
    "openrouter-byok completion fish > ~/.config/fish/completions/openrouter-byok.fish"
  ])
)

/** `openrouter-byok` and its commands. */
export const command = root.pipe(Command.withSubcommands([list, get, audit, create, update, del, completion]))
