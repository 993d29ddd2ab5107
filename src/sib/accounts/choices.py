"""Vocabularies of the optional profile fields that reports break figures down by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Voivodeship(models.TextChoices):
    DOLNOSLASKIE = "dolnoslaskie", _("Lower Silesian (dolnośląskie)")
    KUJAWSKO_POMORSKIE = "kujawsko-pomorskie", _("Kuyavian-Pomeranian (kujawsko-pomorskie)")
    LUBELSKIE = "lubelskie", _("Lublin (lubelskie)")
    LUBUSKIE = "lubuskie", _("Lubusz (lubuskie)")
    LODZKIE = "lodzkie", _("Łódź (łódzkie)")
    MALOPOLSKIE = "malopolskie", _("Lesser Poland (małopolskie)")
    MAZOWIECKIE = "mazowieckie", _("Masovian (mazowieckie)")
    OPOLSKIE = "opolskie", _("Opole (opolskie)")
    PODKARPACKIE = "podkarpackie", _("Subcarpathian (podkarpackie)")
    PODLASKIE = "podlaskie", _("Podlaskie (podlaskie)")
    POMORSKIE = "pomorskie", _("Pomeranian (pomorskie)")
    SLASKIE = "slaskie", _("Silesian (śląskie)")
    SWIETOKRZYSKIE = "swietokrzyskie", _("Holy Cross (świętokrzyskie)")
    WARMINSKO_MAZURSKIE = "warminsko-mazurskie", _("Warmian-Masurian (warmińsko-mazurskie)")
    WIELKOPOLSKIE = "wielkopolskie", _("Greater Poland (wielkopolskie)")
    ZACHODNIOPOMORSKIE = "zachodniopomorskie", _("West Pomeranian (zachodniopomorskie)")
    ABROAD = "abroad", _("Outside Poland")


class Sector(models.TextChoices):
    NGO = "ngo", _("NGO")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    SOCIAL_WELFARE = "social_welfare", _("Social-welfare centre")
    EDUCATION = "education", _("Education / training")
    SOCIAL_ECONOMY = "social_economy", _("Social economy")
    BUSINESS = "business", _("Business")
    STUDENT_OTHER = "student_other", _("Student / other")


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality / local government")
    NGO = "ngo", _("NGO")
    SOCIAL_WELFARE = "social_welfare", _("Social-welfare centre")
    SCHOOL = "school", _("School / university")
    UNIVERSITY = "university", _("University or research institute")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
    BUSINESS = "business", _("Business")
    FUNDER = "funder", _("Funder")
    FOUNDATION = "foundation", _("Foundation")
    COMMUNITY_GROUP = "community_group", _("Informal community group")
    OTHER = "other", _("Other")
