// The Approvals module: the domain of technical qualification approvals. Pure Swift, no I/O, no clock.
