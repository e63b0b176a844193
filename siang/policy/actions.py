"""The actions the policy decides, by name. A view, service or template names one of these.

Names read "app.thing.verb". Which roles may do each is in `roles.ROLES`; an unknown name is a
programming error (`rules.can` raises), so a typo never silently refuses or allows.
"""

from __future__ import annotations

# A unit's staff pages: read (the unit's Admins and Users, and PACC)
CATALOG_VIEW = "catalog.unit.view"
SERVICEPOINTS_VIEW = "servicepoints.unit.view"
UNIT_DASHBOARD_VIEW = "reporting.unit.view"
UNIT_EXPORT = "exports.unit.export"

# A unit's catalogue: write (the unit's Admins and Users)
CATALOG_EDIT = "catalog.process.edit"

# A unit's Admin only
CATALOG_DEPARTMENTS_MANAGE = "catalog.department.manage"
CATALOG_REVIEW = "catalog.revision.review"
SERVICEPOINTS_MANAGE = "servicepoints.point.manage"
UNIT_USERS_MANAGE = "accounts.unit_user.decide"
APPLICATION_VIEW = "accounts.application.view"  # also PACC

# The national template library
TEMPLATES_VIEW = "catalog.template.view"  # PACC and anyone who works for a unit
TEMPLATES_MANAGE = "catalog.template.manage"  # PACC: see withdrawn ones, edit, offer

# PACC's desk
APPLICATION_DECIDE = "accounts.application.decide"
OVERSEER_DECIDE = "accounts.overseer.decide"
PACC_GRANT = "accounts.pacc_officer.grant"
INSTALLATION_VERIFY = "servicepoints.installation.verify"
CASEWORK = "casework.case.work"
LEXICON_EDIT = "casework.lexicon.edit"  # the comment detector's lexicon (issue 18)
FEEDBACK_STATUS_SET = "feedback.status.set"
FEEDBACK_ALL_ANSWERS = "feedback.answers.view_all"  # every answer of a response, in exports
NATIONAL_DASHBOARD_VIEW = "reporting.national.view"
NATIONAL_EXPORT = "exports.national.export"
DELIVERIES_VIEW = "accounts.delivery.view"  # e-mails and SMS that could not be sent

# Areas: PACC everywhere, an overseer in their province or district
COMPLIANCE_VIEW = "reporting.compliance.view"
AREA_DASHBOARD_VIEW = "reporting.area.view"
