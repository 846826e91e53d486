"""The use cases and business rules of khuyến công, Qt-free: facilities, proposals and their steps, budgets
and caps, eligibility, roles, training, voting, reports and the dashboard."""
