"""The cases app has no Django admin: referrals, consents, health notes, plans and the timeline are
shown and changed only through the product's pages, scoped by need-to-know and access-logged
(laget.audit.admin says why)."""
