"""baocao: compliance checking of reporting obligations (library)."""
