"""The database refuses capture times it could not read back and positions off the globe."""

import datetime

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("servicepoints", "0003_forget_unreadable_exif"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='installationphoto',
            constraint=models.CheckConstraint(condition=models.Q(('taken_at__isnull', True), models.Q(('taken_at__gte', datetime.datetime(1990, 1, 1, 0, 0, tzinfo=datetime.timezone.utc)), ('taken_at__lt', datetime.datetime(2200, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), _connector='OR'), name='installation_photo_taken_at_plausible'),
        ),
        migrations.AddConstraint(
            model_name='installationphoto',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('latitude__isnull', True), ('longitude__isnull', True)), models.Q(('latitude__gte', -90), ('latitude__lte', 90), ('longitude__gte', -180), ('longitude__lte', 180)), _connector='OR'), name='installation_photo_position_on_earth'),
        ),
    ]
