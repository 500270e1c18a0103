# Symposium behind Varnish 7 with vmod xkey (Debian: varnish, varnish-modules).
#
# Anonymous GETs of public pages are cached for as long as the site says
# (s-maxage, hours) with every cookie stripped, and soft-purged by the keys the
# site lists in `xkey` the moment what they show changes (symposium.purge).
# Nothing with a session, an Authorization header or a Set-Cookie is cached or
# shared; /admin/ and /preview/ always go to the site with their cookies.
# Unknown Host names are refused, so a forged Host or X-Forwarded-Host can
# neither reach the site nor poison the cache. A page just purged is served
# once more while it is fetched afresh (no stampede); with the site down,
# pages are served from the cache for as long as they say (stale-if-error).
#
# What differs per site (its app servers, host names, who may purge) is in
# backends.vcl, found beside this file on vcl_path (/etc/varnish by default).
# README "Behind a caching proxy or CDN" shows how to run it.

vcl 4.1;

import directors;
import std;
import xkey;

include "backends.vcl";

sub vcl_recv {
    # Set by this proxy only, never taken from a client.
    unset req.http.X-Cache;
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Purged;

    if (req.method == "PURGE") {
        call purge_by_keys;
    }

    set req.http.Host = regsub(req.http.Host.lower(), ":[0-9]+$", "");
    call site_host;
    set req.backend_hint = app.backend();

    # With the site up, an expired or purged page is served at most this long
    # past its time while it is fetched again; with the site down, for the
    # page's whole grace (its stale-if-error).
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }

    # Only TLS terminators in front say https; anything else is plain http.
    if (req.http.X-Forwarded-Proto != "https") {
        unset req.http.X-Forwarded-Proto;
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Staff pages (previews in either language): the site needs their cookies (session, csrftoken). Keep in
    # step with ADMIN_PATH when it is not admin/.
    if (req.url ~ "^/(zh-hans/)?(admin|preview)/") {
        return (pass);
    }
    # An editor's requests are never answered from, or stored in, the cache.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Public pages read no cookie and answer every language by URL alone.
    unset req.http.Cookie;
    unset req.http.Accept-Language;

    # Tracking parameters change nothing on a page: one copy for all of them.
    set req.url = regsuball(req.url, "(?<=[?&])(utm_[a-z_]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*(&|$)", "");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = std.querysort(req.url);
    return (hash);
}

sub purge_by_keys {
    if (client.ip !~ purgers) {
        return (synth(403, "Forbidden"));
    }
    if (req.http.xkey-softpurge) {
        set req.http.X-Purged = xkey.softpurge(req.http.xkey-softpurge);
    } elsif (req.http.xkey-purge) {
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
    } else {
        return (synth(400, "Name the keys in xkey-softpurge or xkey-purge"));
    }
    return (synth(200, "Purged " + req.http.X-Purged));
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(req.http.Host);
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    return (lookup);
}

sub vcl_hit {
    if (obj.ttl >= 0s) {
        set req.http.X-Cache = "HIT";
    } else {
        set req.http.X-Cache = "STALE";
    }
}

sub vcl_miss {
    set req.http.X-Cache = "MISS";
}

sub vcl_pass {
    set req.http.X-Cache = "PASS";
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # A failed refresh leaves the previous copy in place rather than an error.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Kept only what the site marked for shared caches: pages naming their
    # keys, and its static files. Anything else (a 404, a redirect, a page with
    # a cookie) is fetched each time: hit-for-miss, replaced once cacheable.
    if (beresp.http.Set-Cookie || !(beresp.http.xkey || bereq.url ~ "^/static/")) {
        set beresp.ttl = 120s;
        set beresp.uncacheable = true;
        return (deliver);
    }
    set beresp.grace = 24h;
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), 24h);
    }
    # Falls through to the built-in rules: no-store, private and the like are never cached.
}

sub vcl_backend_error {
    if (bereq.is_bgfetch) {
        return (abandon);
    }
}

sub vcl_deliver {
    # The keys are for this cache, not for readers.
    unset resp.http.xkey;
    set resp.http.X-Cache = req.http.X-Cache;
}
