"""Private fostering records are child-level casework: they are read and changed on the
service's own pages (with their access rule and access log), not in Django's admin site."""
