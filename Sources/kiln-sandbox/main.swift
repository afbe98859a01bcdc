import KilnDecoding

// Started by Kiln with one decoding request on standard input; see SandboxChild.
SandboxChild.main()
