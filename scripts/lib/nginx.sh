# Sourced by the benchmarks that measure Kiln against nginx serving the same bytes.
#   start_nginx FOLDER ROOT   serves ROOT (made readable by nginx's unprivileged workers) on a free
#                             loopback port, its configuration and logs under FOLDER; sets
#                             nginx_port and nginx_pid (the caller stops it)
source scripts/lib/ports.sh

start_nginx() {
    local folder=$1 root=$2
    mkdir -p "$folder/tmp"
    chmod 755 "$folder" "$root"
    chmod -R a+r "$root"
    nginx_port=$(free_port)
    cat >"$folder/nginx.conf" <<CONF
worker_processes auto;
pid $folder/nginx.pid;
error_log $folder/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    client_body_temp_path $folder/tmp/body;
    proxy_temp_path $folder/tmp/proxy;
    fastcgi_temp_path $folder/tmp/fastcgi;
    uwsgi_temp_path $folder/tmp/uwsgi;
    scgi_temp_path $folder/tmp/scgi;
    server { listen 127.0.0.1:$nginx_port; root $root; }
}
CONF
    nginx -e "$folder/error.log" -p "$folder" -c "$folder/nginx.conf" -g 'daemon off;' &
    nginx_pid=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && return 0; sleep 0.1; done
    cat "$folder/error.log" >&2
    return 1
}
