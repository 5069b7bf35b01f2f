"""Private fostering has no background work yet: the clocks are worked out when a page asks."""
