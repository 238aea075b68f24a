"""Military service: registration, the law as code, the yearly enlistment, call-up orders,
military admissions."""
