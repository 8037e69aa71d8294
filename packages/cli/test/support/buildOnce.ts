/**
 * Vitest global setup: bundles the tool once before the tests, so the command-line tests run
 * the built `openrouter-byok` as it is installed: the one file the package's `bin` names.
 */
import * as esbuild from "esbuild"
// @ts-expect-error: the build script is plain JavaScript, without declarations.
import { bundleOptions } from "../../build.mjs"

export default async function buildOnce(): Promise<void> {
  await esbuild.build(bundleOptions)
}
