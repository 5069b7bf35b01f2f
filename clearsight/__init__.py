"""Clearsight: quality assurance and improvement for children's services."""
