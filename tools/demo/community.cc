#include "tools/demo/community.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/demo/random_stream.h"

namespace nanoinfluence::demo {
namespace {

using common::v1::SocialNetwork;

struct Place {
  const char* country;
  const char* postal_code;
  const char* city;
};

// Where members live: France mostly; Belgium and Switzerland are outside
// the campaign's targeting.
const std::vector<Place>& FrenchPlaces() {
  static const auto* places = new std::vector<Place>{
      {"FR", "75011", "Paris"},     {"FR", "75015", "Paris"},
      {"FR", "75018", "Paris"},     {"FR", "69003", "Lyon"},
      {"FR", "69007", "Lyon"},      {"FR", "13006", "Marseille"},
      {"FR", "13008", "Marseille"}, {"FR", "59000", "Lille"},
      {"FR", "33000", "Bordeaux"},  {"FR", "44000", "Nantes"},
      {"FR", "31000", "Toulouse"},  {"FR", "67000", "Strasbourg"},
      {"FR", "35000", "Rennes"},    {"FR", "34000", "Montpellier"},
      {"FR", "06000", "Nice"},      {"FR", "38000", "Grenoble"},
      {"FR", "21000", "Dijon"},     {"FR", "49100", "Angers"},
      {"FR", "51100", "Reims"},     {"FR", "37000", "Tours"},
      {"FR", "76000", "Rouen"},     {"FR", "63000", "Clermont-Ferrand"},
      {"FR", "29200", "Brest"},     {"FR", "80000", "Amiens"},
      {"FR", "57000", "Metz"},      {"FR", "87000", "Limoges"},
      {"FR", "64000", "Pau"},       {"FR", "17000", "La Rochelle"},
      {"FR", "25000", "Besançon"},  {"FR", "74000", "Annecy"},
  };
  return *places;
}

const std::vector<Place>& ForeignPlaces() {
  static const auto* places = new std::vector<Place>{
      {"BE", "1000", "Bruxelles"}, {"BE", "4000", "Liège"},
      {"BE", "5000", "Namur"},     {"CH", "1201", "Genève"},
      {"CH", "1003", "Lausanne"},
  };
  return *places;
}

const std::vector<std::string>& FirstNames() {
  static const auto* names = new std::vector<std::string>{
      "Léa",       "Emma",    "Chloé",    "Manon",    "Camille",  "Inès",
      "Jade",      "Louise",  "Sarah",    "Zoé",      "Alice",    "Juliette",
      "Clara",     "Lina",    "Anaïs",    "Mathilde", "Pauline",  "Élodie",
      "Margaux",   "Justine", "Nathalie", "Sophie",   "Isabelle", "Claire",
      "Hélène",    "Aurélie", "Céline",   "Amandine", "Laura",    "Marine",
      "Lucas",     "Hugo",    "Louis",    "Gabriel",  "Arthur",   "Jules",
      "Adam",      "Nathan",  "Théo",     "Raphaël",  "Thomas",   "Maxime",
      "Antoine",   "Nicolas", "Julien",   "Romain",   "Mehdi",    "Karim",
      "Yanis",     "Paul",    "Baptiste", "Quentin",  "Jérôme",   "Olivier",
      "Sébastien", "Mathieu", "Benoît",   "Florian",  "Kevin",    "Samuel",
  };
  return *names;
}

const std::vector<std::string>& LastNames() {
  static const auto* names = new std::vector<std::string>{
      "Martin",    "Bernard",  "Dubois",   "Thomas",   "Robert",   "Richard",
      "Petit",     "Durand",   "Leroy",    "Moreau",   "Simon",    "Laurent",
      "Lefebvre",  "Michel",   "Garcia",   "David",    "Bertrand", "Roux",
      "Vincent",   "Fournier", "Morel",    "Girard",   "André",    "Lefèvre",
      "Mercier",   "Dupont",   "Lambert",  "Bonnet",   "François", "Martinez",
      "Legrand",   "Garnier",  "Faure",    "Rousseau", "Blanc",    "Guerin",
      "Muller",    "Henry",    "Roussel",  "Nicolas",  "Perrin",   "Morin",
      "Mathieu",   "Clément",  "Gauthier", "Dumont",   "Lopez",    "Fontaine",
      "Chevalier", "Robin",    "Masson",   "Sanchez",  "Benali",   "Nguyen",
      "Haddad",    "Da Silva", "Boyer",    "Denis",    "Lemaire",  "Caron",
  };
  return *names;
}

const std::vector<std::string>& Streets() {
  static const auto* streets = new std::vector<std::string>{
      "rue de la République",     "avenue Jean Jaurès", "rue Victor Hugo",
      "boulevard Gambetta",       "rue du Moulin",      "rue des Lilas",
      "avenue de la Gare",        "rue Pasteur",        "place de l'Église",
      "rue Émile Zola",           "chemin des Vignes",  "rue des Écoles",
      "allée des Tilleuls",       "rue Nationale",      "quai des Bateliers",
      "rue du Général de Gaulle", "impasse des Roses",  "rue de la Paix",
  };
  return *streets;
}

// "Élodie" -> "elodie": the letters an email or handle keeps.
std::string Ascii(const std::string& text) {
  std::string out = absl::StrReplaceAll(text, {{"é", "e"},
                                               {"è", "e"},
                                               {"ê", "e"},
                                               {"ë", "e"},
                                               {"É", "e"},
                                               {"à", "a"},
                                               {"â", "a"},
                                               {"ï", "i"},
                                               {"î", "i"},
                                               {"ô", "o"},
                                               {"ö", "o"},
                                               {"ü", "u"},
                                               {"û", "u"},
                                               {"ç", "c"},
                                               {" ", ""}});
  absl::AsciiStrToLower(&out);
  return out;
}

// Networks a member's main account is on, and how common each is.
const std::vector<SocialNetwork>& Networks() {
  static const auto* networks = new std::vector<SocialNetwork>{
      common::v1::SOCIAL_NETWORK_INSTAGRAM, common::v1::SOCIAL_NETWORK_TIKTOK,
      common::v1::SOCIAL_NETWORK_FACEBOOK,  common::v1::SOCIAL_NETWORK_YOUTUBE,
      common::v1::SOCIAL_NETWORK_PINTEREST, common::v1::SOCIAL_NETWORK_BLOG,
  };
  return *networks;
}
const std::vector<double> kNetworkWeights = {55, 20, 14, 5, 4, 2};

// Audience per tier: nano 70%, micro 25%, macro 5%.
int64_t DrawAudience(RandomStream& rng, common::v1::Tier* tier) {
  switch (rng.Weighted({70, 25, 5})) {
    case 0:
      *tier = common::v1::TIER_NANO;
      return rng.LogUniform(40, 999);
    case 1:
      *tier = common::v1::TIER_MICRO;
      return rng.LogUniform(1000, 100000);
    default:
      *tier = common::v1::TIER_MACRO;
      return rng.LogUniform(100001, 2500000);
  }
}

// Splits the audience over 1..4 accounts on distinct networks; the first,
// the main one, holds most of it. The followers add up to `audience`.
std::vector<AccountPlan> DrawAccounts(RandomStream& rng, const Member& member,
                                      int run, common::v1::Tier tier) {
  const int count =
      static_cast<int>(tier == common::v1::TIER_NANO    ? rng.Between(1, 2)
                       : tier == common::v1::TIER_MICRO ? rng.Between(1, 3)
                                                        : rng.Between(2, 4));
  std::vector<SocialNetwork> networks;
  while (static_cast<int>(networks.size()) < count) {
    const SocialNetwork network = Networks()[rng.Weighted(kNetworkWeights)];
    if (std::find(networks.begin(), networks.end(), network) ==
        networks.end()) {
      networks.push_back(network);
    }
  }
  // Engagement falls as audiences grow; one rate for all of a member's
  // accounts, so their weighted average is that rate. The member's index
  // in the last decimals makes every rate distinct: selection ranks
  // newcomers by engagement, and a tie would be broken by the ambassador
  // id, which differs between runs on one suite.
  const double engagement =
      std::round((tier == common::v1::TIER_NANO    ? 3.5 + rng.Unit() * 5.5
                  : tier == common::v1::TIER_MICRO ? 2.0 + rng.Unit() * 3.5
                                                   : 0.8 + rng.Unit() * 2.2) *
                 100) /
          100 +
      member.index * 1e-9;
  std::vector<AccountPlan> accounts;
  int64_t left = member.audience;
  for (int i = 0; i < count; ++i) {
    AccountPlan& account = accounts.emplace_back();
    account.network = networks[i];
    const bool last = i + 1 == count;
    const double share = i == 0 ? 0.6 + rng.Unit() * 0.3 : rng.Unit() * 0.7;
    account.followers =
        last ? left : static_cast<int64_t>(std::floor(left * share));
    left -= account.followers;
    account.engagement_rate_percent = engagement;
    account.handle = absl::StrCat(Ascii(member.first_name), ".",
                                  Ascii(member.last_name), member.index);
    if (run > 0) absl::StrAppend(&account.handle, "_", run);
  }
  return accounts;
}

void DrawHousehold(RandomStream& rng, Member& member, int this_year) {
  const int age = this_year - member.birth_date.year();
  member.household_size =
      static_cast<int>(rng.Weighted({30, 30, 20, 15, 5})) + 1;
  if (member.household_size >= 3 && age >= 26 && age <= 55) {
    const int children = member.household_size - 2;
    for (int i = 0; i < children; ++i) {
      const int child_age =
          static_cast<int>(rng.Between(0, std::min(17, age - 20)));
      member.children_birth_years.push_back(this_year - child_age);
    }
  }
}

void DrawInterests(RandomStream& rng, Member& member) {
  // 85% declare FOOD; everyone declares one to three other universes.
  if (rng.Chance(0.85)) member.universes.push_back(common::v1::UNIVERSE_FOOD);
  static const std::vector<common::v1::Universe> others = {
      common::v1::UNIVERSE_BEAUTY, common::v1::UNIVERSE_HEALTH,
      common::v1::UNIVERSE_HOME,   common::v1::UNIVERSE_BABY,
      common::v1::UNIVERSE_DRINKS, common::v1::UNIVERSE_SPORTS,
      common::v1::UNIVERSE_TRAVEL, common::v1::UNIVERSE_CULTURE,
  };
  const int count = static_cast<int>(rng.Between(1, 3));
  for (int i = 0; i < count; ++i) {
    const common::v1::Universe universe = rng.Pick(others);
    if (std::find(member.universes.begin(), member.universes.end(), universe) ==
        member.universes.end()) {
      member.universes.push_back(universe);
    }
  }
}

Member DrawMember(uint64_t seed, int run, int index, int this_year,
                  const std::vector<Member>& earlier) {
  RandomStream rng(seed, "member", static_cast<uint64_t>(index));
  Member member;
  member.index = index;
  RandomStream ids(seed ^ static_cast<uint64_t>(run) * 0x9e3779b97f4a7c15ULL,
                   "ambassador-id", static_cast<uint64_t>(index));
  member.ambassador_id = StreamUuid(ids);
  member.first_name = rng.Pick(FirstNames());
  member.last_name = rng.Pick(LastNames());
  static const std::vector<std::string> domains = {"example.fr", "example.com",
                                                   "example.net"};
  member.email = absl::StrCat(
      Ascii(member.first_name), ".", Ascii(member.last_name), ".", index,
      run > 0 ? absl::StrCat(".r", run) : "", "@", rng.Pick(domains));
  if (rng.Chance(0.7)) {
    member.phone = absl::StrFormat("+336%08d", rng.Between(0, 99999999));
  }
  const int age =
      static_cast<int>(18 + std::min<int64_t>(rng.LogUniform(2, 55), 54));
  member.birth_date.set_year(this_year - age - 1);
  member.birth_date.set_month(static_cast<int>(rng.Between(1, 12)));
  member.birth_date.set_day(static_cast<int>(rng.Between(1, 28)));
  const Place& place =
      rng.Chance(0.88) ? rng.Pick(FrenchPlaces()) : rng.Pick(ForeignPlaces());
  member.country_code = place.country;
  member.postal_code = place.postal_code;
  member.city = place.city;
  member.line1 = absl::StrCat(rng.Between(1, 180), " ", rng.Pick(Streets()));
  // Unique per member, so only partners share a household.
  member.line2 = absl::StrCat("Bât. ", std::string(1, 'A' + index % 6),
                              ", appartement ", index + 1);
  DrawHousehold(rng, member, this_year);
  // About 3% live with an earlier member: same address, one household.
  if (index > 0 && rng.Chance(0.03)) {
    const Member& partner = earlier[static_cast<size_t>(
        rng.Between(std::max(0, index - 50), index - 1))];
    member.partner_of = partner.index;
    member.country_code = partner.country_code;
    member.postal_code = partner.postal_code;
    member.city = partner.city;
    member.line1 = partner.line1;
    member.line2 = partner.line2;
    member.last_name = partner.last_name;
  }
  DrawInterests(rng, member);
  member.marketing_consent = rng.Chance(0.4);
  member.audience = DrawAudience(rng, &member.tier);
  member.accounts = DrawAccounts(rng, member, run, member.tier);
  return member;
}

}  // namespace

std::string Member::DisplayName() const {
  // The first letter of the family name, a whole UTF-8 character.
  size_t length = 1;
  const auto lead = static_cast<unsigned char>(last_name[0]);
  if (lead >= 0xc0) length = lead >= 0xe0 ? 3 : 2;
  return absl::StrCat(first_name, " ", last_name.substr(0, length), ".");
}

bool Member::MatchesCampaign() const {
  return country_code == "FR" &&
         std::find(universes.begin(), universes.end(),
                   common::v1::UNIVERSE_FOOD) != universes.end();
}

common::v1::Tier TierOfAudience(int64_t audience) {
  if (audience < 1000) return common::v1::TIER_NANO;
  if (audience <= 100000) return common::v1::TIER_MICRO;
  return common::v1::TIER_MACRO;
}

Community GenerateCommunity(uint64_t seed, int run, int size) {
  const int this_year =
      absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year();
  Community community;
  community.members.reserve(static_cast<size_t>(size));
  for (int i = 0; i < size; ++i) {
    community.members.push_back(
        DrawMember(seed, run, i, this_year, community.members));
  }
  return community;
}

}  // namespace nanoinfluence::demo
