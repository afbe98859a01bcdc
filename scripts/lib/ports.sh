# Sourced by the scripts that start servers on loopback.
#   free_port    prints a loopback TCP port nothing listens on now
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
