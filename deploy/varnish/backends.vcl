# What differs per site, included by site.vcl: edit, then `varnishreload`.

# The app servers (gunicorn), each asked /healthz every 2 s: one that fails 3
# of the last 5 checks gets no requests until it answers again.
probe healthz {
    .url = "/healthz";
    .timeout = 1s;
    .interval = 2s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may PURGE: this machine and the app servers.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
}

# The site's host names (lower case, without port). Requests naming any other
# are refused here, before the cache or the site sees them.
sub site_host {
    if (req.http.Host !~ "^(symposium\.example\.org|www\.symposium\.example\.org)$") {
        return (synth(400, "Unknown host"));
    }
}
