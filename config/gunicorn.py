"""Gunicorn settings for production. Every value can be overridden on the command line."""

import multiprocessing
import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
# Threads suit Clearsight's pages, which wait on the database as much as they compute: on two
# cores, 2 workers x 4 threads served twice the requests of 4 sync workers (bench/README.md).
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = 60
accesslog = "-"
# Never log query strings: survey tokens travel in URLs.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
limit_request_line = 8190
