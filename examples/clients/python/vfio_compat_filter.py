#!/usr/bin/env python3
"""A Nova-style scheduler filter that asks vfio-compat where a VM's VFIO devices can go.

Standard library only (urllib, json, ssl), so it drops into any Python 3.8+ scheduler.

In OpenStack Nova a filter subclasses ``nova.scheduler.filters.BaseHostFilter`` and answers
``host_passes(host_state, spec_obj)`` for each candidate host. ``VfioCompatFilter`` has that
shape without importing Nova: a host passes when every device the VM must take along (given in
the scheduler hint ``vfio_devices`` as vfio-compat references, ``host/deviceId``) has a
compatible target on that host. It asks ``POST /v1/rank`` once per device per scheduling
request, not once per host, and keeps the pack digests that decided (for the audit log).

Run it from the command line to try it against a server::

    python3 vfio_compat_filter.py --url http://127.0.0.1:8181 \\
        --device host-a/566bf9d7-c55a-45f8-91a6-e55e9b9b1325 host-b host-c host-d

It prints the hosts that pass, one a line, in the order given.
"""

import argparse
import json
import ssl
import sys
import urllib.error
import urllib.request

DIGESTS_HEADER = "Vfio-Compat-Pack-Digests"


class VfioCompatError(Exception):
    """The service refused a request, or could not be reached."""

    def __init__(self, message, status=None, problems=()):
        super().__init__(message)
        self.status = status
        self.problems = list(problems)


class VfioCompatClient:
    """A small client of the vfio-compat HTTP API (docs/server.md, /v1/openapi.json)."""

    def __init__(self, url, token=None, cafile=None, certfile=None, keyfile=None, timeout=5.0):
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.context = None
        if self.url.startswith("https:"):
            self.context = ssl.create_default_context(cafile=cafile)
            if certfile:
                self.context.load_cert_chain(certfile, keyfile)
        self.last_digests = []

    def _request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.context) as response:
                digests = response.headers.get(DIGESTS_HEADER, "")
                self.last_digests = [d for d in digests.split(",") if d]
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            try:
                refusal = json.loads(e.read().decode("utf-8"))
            except ValueError:
                refusal = {"error": e.reason, "problems": []}
            problems = refusal.get("problems", [])
            detail = "; ".join(p["location"]["text"] + ": " + p["message"] for p in problems)
            raise VfioCompatError("%s %s: %d %s%s" % (method, path, e.code, refusal.get("error", ""),
                                                       " (" + detail + ")" if detail else ""),
                                  status=e.code, problems=problems) from None
        except (urllib.error.URLError, OSError) as e:
            raise VfioCompatError("%s %s: cannot reach %s: %s" % (method, path, self.url, e)) from None

    def rank(self, device, top=None):
        """The ranking of every target in the fleet for ``device`` (a reference, host/deviceId)."""
        body = {"device": device}
        if top is not None:
            body["top"] = top
        return self._request("POST", "/v1/rank", body)

    def check(self, source, target):
        """The verdict on moving ``source`` to ``target`` (both references)."""
        return self._request("POST", "/v1/check", {"source": source, "target": target})

    def ready(self):
        """Whether the service has its packs loaded."""
        try:
            return self._request("GET", "/health/ready").get("status") == "ok"
        except VfioCompatError:
            return False


class HostState:
    """The part of Nova's HostState this filter reads: the host's name."""

    def __init__(self, host):
        self.host = host


class RequestSpec:
    """The part of Nova's RequestSpec this filter reads: the scheduler hints."""

    def __init__(self, scheduler_hints):
        self.scheduler_hints = scheduler_hints


class VfioCompatFilter:
    """Passes the hosts where every VFIO device of the VM has a compatible target.

    ``fail_open`` decides what happens when the service cannot answer: False (the default) lets
    no host pass, so a VM is never sent where its devices cannot follow; True lets every host
    pass, leaving the decision to the other filters.
    """

    # Nova runs a filter once per scheduling request for all hosts when this is True.
    run_filter_once_per_request = False

    def __init__(self, client, fail_open=False):
        self.client = client
        self.fail_open = fail_open
        self._targets = {}
        self.decided_by = set()

    def _hosts_with_targets(self, device):
        if device not in self._targets:
            ranking = self.client.rank(device)
            self.decided_by.update(self.client.last_digests)
            self._targets[device] = {t["host"] for t in ranking["targets"]}
        return self._targets[device]

    def host_passes(self, host_state, spec_obj):
        devices = (getattr(spec_obj, "scheduler_hints", None) or {}).get("vfio_devices", [])
        try:
            return all(host_state.host in self._hosts_with_targets(d) for d in devices)
        except VfioCompatError:
            return self.fail_open

    def filter_all(self, host_states, spec_obj):
        """The hosts that pass, in order (BaseFilter's filter_all)."""
        return [h for h in host_states if self.host_passes(h, spec_obj)]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Which of these hosts can take every VFIO device of the VM?")
    parser.add_argument("--url", default="http://127.0.0.1:8181", help="the vfio-compat service")
    parser.add_argument("--token-file", help="a file whose first line is the bearer token")
    parser.add_argument("--cafile", help="the CA (or server certificate) to trust, PEM, for https")
    parser.add_argument("--cert", help="a client certificate, PEM, for mutual TLS")
    parser.add_argument("--key", help="the client certificate's key, PEM")
    parser.add_argument("--device", action="append", required=True, help="a device the VM must take along (host/deviceId)")
    parser.add_argument("--fail-open", action="store_true", help="let every host pass when the service cannot answer")
    parser.add_argument("hosts", nargs="+", help="candidate hosts")
    args = parser.parse_args(argv)
    token = None
    if args.token_file:
        with open(args.token_file, encoding="utf-8") as f:
            token = f.readline().strip()
    client = VfioCompatClient(args.url, token=token, cafile=args.cafile, certfile=args.cert, keyfile=args.key)
    spec = RequestSpec({"vfio_devices": args.device})
    check = VfioCompatFilter(client, fail_open=args.fail_open)
    try:
        for device in args.device:
            check._hosts_with_targets(device)
    except VfioCompatError as e:
        print("vfio-compat: " + str(e), file=sys.stderr)
        if not args.fail_open:
            return 2
    for host in check.filter_all([HostState(h) for h in args.hosts], spec):
        print(host.host)
    print("decided by " + (", ".join(sorted(check.decided_by)) or "no pack"), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
