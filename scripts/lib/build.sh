# Sourced by the scripts that run Kiln.
#   build_kiln [swift build flags…]   builds `kiln` and `kiln-sandbox`, the decoding sandbox's child,
#                                     which `kiln` starts from its own folder
build_kiln() {
    swift build "$@" --product kiln && swift build "$@" --product kiln-sandbox
}
