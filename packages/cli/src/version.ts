/** The version `openrouter-byok --version` prints: the package's (a test holds them equal). */
export const version = "0.1.0"
