"""Complaints and compliments have no administration screens, on purpose: administrators may
not see complaint content (docs/domain/roles.md), and the procedure runs through the pages,
whose services keep the timeline and the version check. Bank holidays and closures that move
the clocks are edited on core's Closure screen."""
