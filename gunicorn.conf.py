"""How production serves Siang: `gunicorn siang.wsgi`, run from this folder, reads this file.

Sync workers behind the TLS proxy, which buffers slow clients: each process serves one request
at a time, in the order they arrive, and no thread waits for Python's lock while another works.
Measured under load on the citizen form (bench/README.md), this keeps the slowest 1 % of
requests 3–7 times faster than 3 workers of 8 threads, at the same throughput.
`bench.feedback` serves with this file too.
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"
# Long enough for five 10 MB installation photos decoded and checked in one request.
timeout = 60
backlog = 2048

# The request line and headers, which gunicorn reads before Django runs. The body has no limit
# here: the proxy in front must cap it (README.md, "Production": nginx's client_max_body_size),
# and the installation form refuses a declared size over its own limit before reading it.
limit_request_line = 4094  # bytes: the site's addresses, Thai search text included, stay far below
limit_request_fields = 50  # a browser sends about 15 headers, the proxy adds its X-Forwarded-*
limit_request_field_size = 8190  # bytes per header: the site's cookies are under 200
