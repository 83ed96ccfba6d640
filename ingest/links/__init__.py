"""Links between letters (อ้างถึง, endorsements, bundles) and the forwarding chains."""
