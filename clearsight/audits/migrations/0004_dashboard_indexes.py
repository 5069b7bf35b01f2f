# Covering indexes for the audit dashboard's queries (bench/audit_dashboard.py).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audits', '0003_learning'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='audit',
            index=models.Index(fields=['status', 'completed_at', 'overall_grade', 'deadline', 'moderated_at'], name='audit_dashboard_idx'),
        ),
        migrations.AddIndex(
            model_name='auditgrading',
            index=models.Index(fields=['audit', 'role', 'submitted_at', 'overall_grade', 'auditor'], name='grading_dashboard_idx'),
        ),
        migrations.AddIndex(
            model_name='domaingrade',
            index=models.Index(fields=['grading', 'domain', 'grade'], name='domaingrade_dashboard_idx'),
        ),
    ]
