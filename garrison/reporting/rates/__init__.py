"""The reporting rate: which communes made their returns on time, late or not at all, per commune,
province and nation. No model of its own: it reads the returns."""
