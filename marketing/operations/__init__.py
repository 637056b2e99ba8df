"""Operations: the health report, the scheduled jobs, the deployment template."""
