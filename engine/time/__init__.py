"""Time as Vietnamese reporting counts it: dates, periods, working days, due dates."""
