"""Nothing from the LADO register is registered in Django's admin site, on purpose: the admin
site is for administrators, who must never see LADO records (ADR 0012). A test checks this."""
